import { useTranslation } from "react-i18next";
import { ReadAloudStatic } from "~/components/read-aloud";
import { Link } from "react-router";
import { DenominatorFigures } from "~/components/denominators";
import { MatterBar, MatterResult, type MatterSummary } from "~/components/matter-result";
import { NoticeHeader } from "~/components/notice-header";
import { RosterCorrections } from "~/components/roster-corrections";
import { TallyTable } from "~/components/tally-table";
import { noticeOf } from "~/models/transparency.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { day } from "~/lib/format";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/notice";
import { NO_SCRIPTS } from "~/utils/scripts";
import { trialOfMotion } from "~/models/property-trial.server";
import { TrialVerdict } from "~/components/trial-figures";

// The public notice (公示) of a closed round: prints on A4 with the rule set and the full tally,
// so the result can be checked and recomputed from the exports.
// plain HTML: links and forms need no script
export const handle = NO_SCRIPTS;

export async function loader({ params, request }: Route.LoaderArgs) {
  const roundId = idParam(params, "roundId");
  const [notice, trial] = await Promise.all([
    notFoundOnDomainError(() => noticeOf(roundId)),
    trialOfMotion(roundId),
  ]);
  return {
    notice,
    trial,
    // a printed link must be typed in by hand: it names the site, not only the path
    origin: process.env.PUBLIC_URL ?? new URL(request.url).origin,
  };
}

export function meta({ data }: Route.MetaArgs) {
  return [
    {
      title: data ? `公示 · ${data.notice.round.title}` : "点菜 Diancai",
    },
  ];
}

export default function Notice({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = loaderData.notice;
  const site = (path: string) => `${loaderData.origin}${path}`;
  const winner = n.options.find((o) => o.optionId === n.tally.winnerOptionId);
  const r = n.rules;
  const files = [
    "ballots.csv",
    "ballots.xlsx",
    "tally.csv",
    "tally.xlsx",
    "rules.json",
    "needs.csv",
    "options.csv",
  ];
  return (
    <article className="notice-page">
      <NoticeHeader
        round={n.round}
        heading={t("notice.title", { round: localName(lang, n.round.title, n.round.titleEn) })}
        place={n.place}
        scopeKind={n.round.scopeKind}
        scopeNames={n.scopeNames}
      >
        <dt>{t("notice.closed_at")}</dt>
        <dd>{n.round.closedAt ? day(n.round.closedAt, lang) : "—"}</dd>
        <dt>{t("round.rules")}</dt>
        <dd>
          {t("round.rules_text", {
            quorum: `${r.quorum.num}/${r.quorum.den}`,
            ordinary: `${r.ordinary.num}/${r.ordinary.den}`,
            alteration: `${r.alteration.num}/${r.alteration.den}`,
            threshold: r.threshold,
          })}
        </dd>
        {n.matter && <MatterBar item={n.round.matterItem} rules={r} />}
      </NoticeHeader>
      <div className="screen-only">
        <ReadAloudStatic
          text={[
            t("read_aloud.round", { title: localName(lang, n.round.title, n.round.titleEn) }),
            t("read_aloud.result", {
              result: winner
                ? t("round.winner_is", { option: `${winner.code} · ${winner.title}` })
                : t(`round.failure.${n.tally.failure}`),
            }),
            n.round.objectionEndsAt
              ? t("notice.objection_until", { date: day(n.round.objectionEndsAt, lang) })
              : t("notice.objection_none"),
          ].join(" ")}
        />
      </div>
      <h2>{t("denominators.title")}</h2>
      <DenominatorFigures d={n.denominators} flats={n.flats} rules={n.tally.rules} />
      {n.matter && (
        <>
          <h2>{t(n.matter.kind === "motion" ? "matter.question" : "matter.candidates")}</h2>
          <ul>
            {n.options.map((o) => (
              <li key={o.optionId}>
                <strong>
                  {n.matter!.kind === "election" && `${o.code} · `}
                  {o.title}
                </strong>
                {o.description && `：${o.description}`}
              </li>
            ))}
          </ul>
          <h2>{t("round.result")}</h2>
          <MatterResult
            matter={n.matter as MatterSummary}
            tally={n.tally}
            choices={n.options.map((o) => ({ id: o.optionId, code: o.code, title: o.title }))}
          />
          {n.matter.adopted !== null && (
            <p className="verdict">
              {t(n.matter.adopted ? "matter.decided_adopted" : "matter.decided_failed")}
            </p>
          )}
          {loaderData.trial && <TrialVerdict trial={loaderData.trial} />}
        </>
      )}
      {!n.matter && (
        <>
          <h2>{t("round.result")}</h2>
          <p className="verdict">
            {winner
              ? t("round.winner_is", { option: `${winner.code} · ${winner.title}` })
              : t(`round.failure.${n.tally.failure}`)}
          </p>
          <TallyTable
            tally={n.tally}
            options={n.options.map((o) => ({ id: o.optionId, code: o.code, title: o.title }))}
          />
        </>
      )}
      <p>{t("notice.channels", n.channels)}</p>
      <h2>{t("notice.corrections")}</h2>
      <RosterCorrections corrections={n.corrections} empty="notice.corrections_none" />
      <h2>{t("notice.objections")}</h2>
      <p>
        {n.round.objectionEndsAt
          ? t("notice.objection_until", { date: day(n.round.objectionEndsAt, lang) })
          : t("notice.objection_none")}
      </p>
      <p>
        {t("notice.objections_count", { count: n.objections.length })}
        {n.objections.length > 0 &&
          t("notice.objections_unanswered", {
            count: n.objections.filter((o) => o.answer === null).length,
          })}
      </p>
      {n.objections.length > 0 && (
        <ol className="objection-answers">
          {n.objections.map((o, i) => (
            <li key={i}>
              {t("notice.objection_received", { date: day(o.createdAt, lang) })}
              {o.answer !== null && o.answeredAt !== null ? (
                <>
                  {t("notice.objection_answered", { date: day(o.answeredAt, lang) })}
                  <blockquote>{o.answer}</blockquote>
                </>
              ) : (
                t("notice.objection_pending")
              )}
            </li>
          ))}
        </ol>
      )}
      <h2>{t("notice.check")}</h2>
      <p>{t("notice.receipts", { count: n.receipts })}</p>
      <p className="screen-only">
        <Link to={`/rounds/${n.round.id}/receipts`}>{t("notice.receipts_link")}</Link>
      </p>
      <p>{t("notice.recompute")}</p>
      <p>{t("notice.ballot_privacy")}</p>
      <p className="screen-only">
        <Link to={`/rounds/${n.round.id}/verify`}>{t("notice.verify_link")}</Link>
      </p>
      <p className="print-only">
        {t("notice.verify_at", { url: site(`/rounds/${n.round.id}/verify`) })}
      </p>
      <p className="small screen-only">{t("notice.recompute_command")}</p>
      <ul className="screen-only chips">
        {files.map((f) => (
          <li key={f}>
            <a href={`/rounds/${n.round.id}/export/${f}`} download>
              {f}
            </a>
          </li>
        ))}
      </ul>
      <p className="print-only">
        {t("notice.printed_from", { url: site(`/rounds/${n.round.id}/notice`) })}
      </p>
      <footer className="issuer">
        <p>{t("notice.issuer", { office: n.place.street })}</p>
        <p>{n.round.closedAt ? day(n.round.closedAt, lang) : "—"}</p>
        <p className="seal" aria-label={t("notice.seal_space")}>
          {t("notice.seal")}
        </p>
      </footer>
    </article>
  );
}
