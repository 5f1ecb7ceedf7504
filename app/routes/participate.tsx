import { useTranslation } from "react-i18next";
import { Form, Link, useLocation, useNavigation } from "react-router";
import { CsrfInput } from "~/components/csrf-input";
import { TextAreaField } from "~/components/field";
import { FormError } from "~/components/form-error";
import { StarsInput } from "~/components/stars";
import { AdoptedOption } from "~/components/adopted-option";
import { MilestoneTimeline } from "~/components/milestones";
import { ReadAloud, spokenYuan } from "~/components/read-aloud";
import { TrialFiguresSection } from "~/components/trial-figures";
import { BallotForm, BallotSummary, type BallotReply } from "~/components/ballot-form";
import {
  ElectionBallotForm,
  MatterBallotSummary,
  MotionBallotForm,
  type MatterReply,
} from "~/components/matter-ballot";
import {
  ObjectionForm,
  ProposeNeedForm,
  type ResidentFormReply,
} from "~/components/resident-forms";
import type { FormProblem } from "~/utils/errors.server";
import { area, day } from "~/lib/format";
import { localName } from "~/utils/names";
import type { Route } from "./+types/participate";
import { participateAction, participateLoader } from "./participate.server";

// What a resident is asked to do in one round: propose and support needs, score options,
// object to a result, rate the finished work. One page; the phase decides which part is open.
// The loader and action are in participate.server.ts, which keeps zod off the page.

export const loader = (args: Route.LoaderArgs) => participateLoader(args);
export const action = (args: Route.ActionArgs) => participateAction(args);

type ActionData = FormProblem | (BallotReply & { at: string }) | ResidentFormReply | undefined;

export default function Participate({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { view } = loaderData;
  const { round, allowed } = view;
  const ad = actionData as ActionData;
  const nav = useNavigation();
  const busy = nav.state === "submitting";
  const errorFor = (at: string) => (ad && "errors" in ad && ad.at === at ? ad : undefined);
  const formReply = (at: string) =>
    ad && "result" in ad && ad.at === at ? (ad as ResidentFormReply) : undefined;
  const proposed = Number(new URLSearchParams(useLocation().search).get("proposed"));
  const ballotReply = (at: string) =>
    ad && "values" in ad && ad.at === at ? (ad as BallotReply) : undefined;
  const tastingOver = round.phase === "TASTING" && allowed.cast_ballot === "tasting_over";
  const showsBallots =
    view.options.length > 0 && ["TASTING", "CLOSED", "ADOPTED", "FAILED"].includes(round.phase);
  // one ballot per head (decision 026): the flats of one head share it; heads are counted among
  // the flats where the account scores
  const scoring = (r: string) => r === "owner" || r === "proxy";
  const heads = new Set(view.households.filter((h) => scoring(h.relation)).map((h) => h.headId))
    .size;
  const flatsOf = (headId: number) => view.households.filter((x) => x.headId === headId);
  // what the head pays for each option: the sum over the flats of it the page shows
  const sharesOf = (headId: number) => {
    const out: Record<number, number> = {};
    for (const x of flatsOf(headId))
      for (const [o, fen] of Object.entries(x.shares)) out[Number(o)] = (out[Number(o)] ?? 0) + fen;
    return out;
  };
  // 读给我听: what is decided, each option with what the (first) household pays, the deadline
  const reader = view.households.find((h) => scoring(h.relation)) ?? view.households[0];
  const readerShares = reader ? sharesOf(reader.headId) : {};
  const summary = [
    t("read_aloud.round", { title: localName(lang, round.title, round.titleEn) }),
    t("read_aloud.options", { count: view.options.length }),
    ...view.options.map((o) =>
      t(
        !reader
          ? "read_aloud.option_total"
          : (readerShares[o.id] ?? 0) > 0
            ? "read_aloud.option"
            : "read_aloud.option_free",
        {
          code: o.code,
          title: o.title,
          total: spokenYuan(o.totalFen, t),
          share: spokenYuan(readerShares[o.id] ?? 0, t),
        },
      ),
    ),
    t(round.phase === "TASTING" && !tastingOver ? "read_aloud.deadline" : "read_aloud.closed", {
      date: day(round.tastingEndsAt, lang),
    }),
  ].join(" ");
  const Submit = ({ label }: { label: string }) => (
    <button type="submit" disabled={busy}>
      {busy ? t("common.working") : label}
    </button>
  );
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${round.id}`}>{localName(lang, round.title, round.titleEn)}</Link>
      </nav>
      <h1>{t("participate.title")}</h1>
      <p>
        {t("round.phase_now")}
        {t("common.colon")}
        {tastingOver ? (
          // after the deadline, before the close: nothing is asked any more
          <>
            <strong>
              {t("participate.tasting_over", { date: day(round.tastingEndsAt, lang) })}
            </strong>{" "}
            — {t("participate.awaiting_close")}
          </>
        ) : (
          <>
            <strong>{t(`phases.${round.phase}`)}</strong> — {t(`asked_now.${round.phase}`)}
          </>
        )}
      </p>
      {showsBallots && <ReadAloud text={summary} />}
      {heads > 1 && showsBallots && (
        <p className="notice">{t("participate.ballots_per_head", { count: heads })}</p>
      )}
      {loaderData.trial && <TrialFiguresSection trial={loaderData.trial} />}

      {view.households.map((h) => (
        <section key={h.id} aria-labelledby={`h-${h.id}`} className="household">
          <h2 id={`h-${h.id}`}>
            {t("participate.household", { address: h.address, area: area(h.areaCenti, lang) })}
          </h2>
          <p className="muted">{t(`participate.as_${h.relation}`)}</p>

          {round.phase === "ORDERING" && h.member && (
            <>
              <h3>{t("participate.needs")}</h3>
              <ul className="needs">
                {view.needs.map((n) => {
                  const at = `support-${h.id}-${n.id}`;
                  return (
                    <li key={n.id} id={at} className="card">
                      <strong>
                        {n.mandatory ? t("round.mandatory_need", { building: n.title }) : n.title}
                      </strong>
                      <p>{n.description}</p>
                      <p className="muted">{t("round.supporters", { count: n.supporters })}</p>
                      {h.supports.includes(n.id) ? (
                        <p>{t("participate.supported")}</p>
                      ) : (
                        allowed.support_need === null && (
                          <Form method="post">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="support" />
                            <input type="hidden" name="at" value={at} />
                            <input type="hidden" name="householdId" value={h.id} />
                            <input type="hidden" name="needId" value={n.id} />
                            <FormError message={errorFor(at)?.form} />
                            <button
                              type="submit"
                              disabled={busy}
                              aria-label={t("participate.support_named", { title: n.title })}
                            >
                              {t("participate.support")}
                            </button>
                          </Form>
                        )
                      )}
                    </li>
                  );
                })}
              </ul>
              {allowed.propose_need === null && (
                <ProposeNeedForm
                  key={`${h.id}-${proposed}-${view.needs.length}`}
                  roundId={round.id}
                  household={h.id}
                  reply={formReply(`propose-${h.id}`)}
                  done={proposed === h.id}
                  busy={busy}
                />
              )}
            </>
          )}

          {showsBallots && flatsOf(h.headId)[0].id !== h.id && (
            // another flat of a head whose ballot stands under its first flat
            <p className="notice" id={`vote-${h.id}`}>
              {t("participate.ballot_with", { address: flatsOf(h.headId)[0].address })}{" "}
              <a href={`#vote-${flatsOf(h.headId)[0].id}`}>{t("participate.to_ballot")}</a>
            </p>
          )}
          {showsBallots && flatsOf(h.headId)[0].id === h.id && (
            <section id={`vote-${h.id}`}>
              {/* the notice is for those who score: an occupant (a tenant) does not */}
              {scoring(h.relation) && <p className="small">{t("participate.ballot_privacy")}</p>}
              {scoring(h.relation) && (
                <p>
                  <strong>
                    {t(
                      flatsOf(h.headId).length > 1
                        ? "participate.ballot_covers_flats"
                        : "participate.ballot_covers_flat",
                      {
                        count: flatsOf(h.headId).length,
                        flats: flatsOf(h.headId)
                          .map((x) => x.address)
                          .join("、"),
                      },
                    )}
                  </strong>
                </p>
              )}
              {h.headFlats > 1 && (
                <p className="notice">{t("participate.one_head", { count: h.headFlats })}</p>
              )}
              {h.receipt && (
                <p className="notice">
                  {t("participate.receipt")} <code className="receipt">{h.receipt}</code>{" "}
                  {h.receiptChannel &&
                    (h.receiptChannel.channel === "paper"
                      ? t("participate.receipt_paper", { sheetNo: h.receiptChannel.sheetNo })
                      : t("participate.receipt_online"))}
                </p>
              )}
              {h.relation === "proxy_expired" && h.proxyExpiredAt ? (
                <p className="notice">
                  {t("participate.proxy_expired", { date: day(h.proxyExpiredAt, lang) })}
                </p>
              ) : (
                allowed.cast_ballot === null &&
                h.relation === "occupant" && (
                  <p className="notice">{t("errors.occupant_not_owner")}</p>
                )
              )}
              {round.kind === "motion" || round.kind === "election" ? (
                allowed.cast_ballot === null && scoring(h.relation) ? (
                  round.kind === "motion" ? (
                    <MotionBallotForm
                      key={JSON.stringify(h.ballots)}
                      householdId={h.id}
                      at={`vote-${h.id}`}
                      motion={view.options[0]}
                      item={round.matterItem}
                      rules={round.rules}
                      mine={h.ballots}
                      reply={ballotReply(`vote-${h.id}`) as MatterReply | undefined}
                    />
                  ) : (
                    <ElectionBallotForm
                      key={JSON.stringify(h.ballots)}
                      householdId={h.id}
                      at={`vote-${h.id}`}
                      candidates={view.options}
                      seats={round.seats ?? 0}
                      item={round.matterItem}
                      rules={round.rules}
                      mine={h.ballots}
                      reply={ballotReply(`vote-${h.id}`) as MatterReply | undefined}
                    />
                  )
                ) : (
                  <MatterBallotSummary kind={round.kind} choices={view.options} mine={h.ballots} />
                )
              ) : allowed.cast_ballot === null && scoring(h.relation) ? (
                <BallotForm
                  // the ballot is the head's: after a cast from elsewhere, the (uncontrolled)
                  // stars start again from the saved scores
                  key={JSON.stringify(h.ballots)}
                  roundId={round.id}
                  householdId={h.id}
                  at={`vote-${h.id}`}
                  options={view.options}
                  shares={sharesOf(h.headId)}
                  mine={h.ballots}
                  rules={round.rules}
                  reply={ballotReply(`vote-${h.id}`)}
                />
              ) : (
                <BallotSummary
                  options={view.options}
                  mine={h.ballots}
                  shares={sharesOf(h.headId)}
                  // one line, not one per option, for a head that could have scored and did not
                  missed={
                    scoring(h.relation) && Object.keys(h.ballots).length === 0
                      ? day(round.tastingEndsAt, lang)
                      : null
                  }
                />
              )}
              {allowed.cast_ballot === null && scoring(h.relation) && (
                <p className="muted">
                  {t("participate.vote_until", { date: day(round.tastingEndsAt, lang) })}
                </p>
              )}
            </section>
          )}

          {round.phase === "CLOSED" && (
            <section id={`object-${h.id}`}>
              <h3>{t("participate.objection")}</h3>
              {h.objection ? (
                <div className="card">
                  <p>{h.objection.text}</p>
                  <p>
                    {h.objection.answer
                      ? t("participate.answer", { answer: h.objection.answer })
                      : t("participate.awaiting_answer")}
                  </p>
                </div>
              ) : h.relation === "proxy_expired" && h.proxyExpiredAt ? (
                <p className="notice">
                  {t("participate.proxy_expired", { date: day(h.proxyExpiredAt, lang) })}
                </p>
              ) : allowed.file_objection === null && h.relation === "occupant" ? (
                <p className="notice">{t("errors.occupant_not_owner")}</p>
              ) : allowed.file_objection === null ? (
                <>
                  <p>
                    {t("participate.objection_until", {
                      date: round.objectionEndsAt ? day(round.objectionEndsAt, lang) : "",
                    })}
                  </p>
                  <ObjectionForm household={h.id} reply={formReply(`object-${h.id}`)} busy={busy} />
                </>
              ) : (
                <p>{t(`errors.reason_${allowed.file_objection}`)}</p>
              )}
            </section>
          )}

          {round.phase === "CONSTRUCTION" && (
            <>
              <AdoptedOption
                roundId={round.id}
                option={view.options.find((o) => o.id === round.winnerOptionId)}
                shareFen={round.winnerOptionId ? (h.shares[round.winnerOptionId] ?? 0) : 0}
              />
              <MilestoneTimeline milestones={view.milestones} />
            </>
          )}

          {round.phase === "CONSTRUCTION" && h.member && (
            <section id={`rate-${h.id}`}>
              <h3>{t("participate.satisfaction")}</h3>
              {allowed.rate_satisfaction === null ? (
                <Form method="post" className="stack">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="rate" />
                  <input type="hidden" name="at" value={`rate-${h.id}`} />
                  <input type="hidden" name="householdId" value={h.id} />
                  <FormError message={errorFor(`rate-${h.id}`)?.form} />
                  <StarsInput
                    name="score"
                    idPrefix={`r-${h.id}`}
                    legend={t("participate.satisfaction_legend")}
                    value={h.rating}
                  />
                  <TextAreaField
                    id={`rc-${h.id}`}
                    name="comment"
                    label={t("participate.comment")}
                    optional
                  />
                  <Submit label={t("participate.rate_submit")} />
                </Form>
              ) : (
                <p>{t(`errors.reason_${allowed.rate_satisfaction}`)}</p>
              )}
            </section>
          )}
        </section>
      ))}
    </>
  );
}
