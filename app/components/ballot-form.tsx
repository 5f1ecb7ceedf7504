import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Form, Link, useBlocker, useNavigation } from "react-router";
import { starMeaning, starRange } from "~/domain/ballot";
import type { RuleSet } from "~/domain/rules";
import { money } from "~/lib/format";
import { CsrfInput } from "./csrf-input";
import { TextAreaField } from "./field";
import { FormError } from "./form-error";
import { HouseholdShare } from "./household-share";
import { StarsInput } from "./stars";

type Option = { id: number; code: string; title: string; totalFen: number };
type Mine = Record<number, { score: number; comment: string | null }>;
/** What the server sent back about this form after a refused submit: the message and what was typed. */
export type BallotReply = {
  form: string;
  values: { scores: Record<string, string>; comments: Record<string, string> };
  /** what the message names, e.g. the tasting deadline that passed */
  params?: Record<string, string | number>;
};

const pct = (f: { num: number; den: number }) => `${f.num}/${f.den}`;

/** What the stars mean under this round's threshold, in words, to sit beside every star group. */
export function useStarMeaning(threshold: number) {
  const { t } = useTranslation();
  const m = starMeaning(threshold);
  return m.disagree
    ? t("ballot.stars_mean", { agree: starRange(m.agree), disagree: starRange(m.disagree) })
    : t("ballot.stars_mean_all", { agree: starRange(m.agree) });
}

/**
 * One household's ballot: every published option scored in one form, one submit. Without
 * JavaScript it is a plain post; with it, leaving with unsaved scores asks first.
 */
export function BallotForm({
  roundId,
  householdId,
  at,
  options,
  shares,
  mine,
  rules,
  reply,
}: {
  roundId: number;
  householdId: number;
  at: string;
  options: Option[];
  shares: Record<number, number>;
  mine: Mine;
  rules: RuleSet;
  reply?: BallotReply;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const nav = useNavigation();
  const busy = nav.state === "submitting";
  const meaning = useStarMeaning(rules.threshold);
  const [dirty, setDirty] = useState(false);
  const cast = Object.keys(mine).length > 0;

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && nav.state === "idle" && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(t("ballot.leave_unsaved"))) blocker.proceed();
    else blocker.reset();
  }, [blocker, t]);

  const missing = reply?.form === "errors.ballot_incomplete";
  // the head has a ballot that is someone else's act: shown, and replaced only on confirmation
  const confirming = reply?.form === "errors.replace_ballot_confirm";
  return (
    <Form
      method="post"
      className="stack ballot"
      aria-labelledby={`${at}-title`}
      onChange={() => setDirty(true)}
      onSubmit={() => setDirty(false)}
    >
      <h3 id={`${at}-title`}>{t("participate.options")}</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="ballot" />
      <input type="hidden" name="at" value={at} />
      <input type="hidden" name="householdId" value={householdId} />
      <div className="notice star-rule">
        <p>
          <strong>{meaning}</strong>
        </p>
        <p>
          {t("ballot.agree_effect", {
            quorum: pct(rules.quorum),
            ordinary: pct(rules.ordinary),
            alteration: pct(rules.alteration),
          })}
        </p>
        <p>{t("ballot.one_act", { count: options.length })}</p>
      </div>
      {!confirming && <FormError message={reply?.form} params={reply?.params} />}
      {options.map((o) => {
        const typed = reply?.values.scores[String(o.id)];
        const score = reply ? typed : mine[o.id]?.score;
        return (
          <article key={o.id} className="card" id={`${at}-${o.id}`}>
            <h4>
              <Link to={`/rounds/${roundId}/options/${o.id}`}>
                {o.code} · {o.title}
              </Link>
            </h4>
            <p>
              {t("round.option_total", { total: money(o.totalFen, lang) })} ·{" "}
              <HouseholdShare amountFen={shares[o.id] ?? 0} />
            </p>
            {mine[o.id] && <p>{t("participate.my_score", { count: mine[o.id].score })}</p>}
            <StarsInput
              name={`scores.${o.id}`}
              idPrefix={`s-${householdId}-${o.id}`}
              legend={t("participate.score_legend", { option: `${o.code} · ${o.title}` })}
              hint={meaning}
              value={score}
              error={missing && !typed ? "errors.score_missing" : undefined}
            />
            <TextAreaField
              id={`c-${householdId}-${o.id}`}
              name={`comments.${o.id}`}
              label={t("participate.comment_on", { option: o.code })}
              defaultValue={reply?.values.comments[String(o.id)] ?? mine[o.id]?.comment ?? ""}
              optional
            />
          </article>
        );
      })}
      {confirming ? (
        <div className="notice stack" role="group" aria-labelledby={`${at}-confirm`}>
          <p id={`${at}-confirm`}>
            <strong>{t("ballot.replace_title")}</strong>
          </p>
          <FormError message={reply.form} params={reply.params} />
          <button type="submit" name="confirm" value="replace" disabled={busy}>
            {busy ? t("common.working") : t("ballot.replace_confirm")}
          </button>
          <Link to={`/rounds/${roundId}/participate`} reloadDocument>
            {t("ballot.replace_cancel")}
          </Link>
        </div>
      ) : (
        <button type="submit" disabled={busy}>
          {busy
            ? t("common.working")
            : t(cast ? "participate.change_vote" : "participate.vote", { count: options.length })}
        </button>
      )}
    </Form>
  );
}

/** After tasting: the options with the household's own scores, nothing to change. */
export function BallotSummary({
  options,
  mine,
  shares,
  missed,
}: {
  options: Option[];
  mine: Mine;
  shares: Record<number, number>;
  /** the deadline, for a head that could have scored and did not: said once, not per option */
  missed?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <>
      <h3>{t("participate.options")}</h3>
      {missed && <p className="notice">{t("participate.missed", { date: missed })}</p>}
      <ul className="cards">
        {options.map((o) => (
          <li key={o.id} className="card">
            <strong>
              {o.code} · {o.title}
            </strong>
            <p>
              {t("round.option_total", { total: money(o.totalFen, lang) })} ·{" "}
              <HouseholdShare amountFen={shares[o.id] ?? 0} />
            </p>
            {mine[o.id] && <p>{t("participate.my_score", { count: mine[o.id].score })}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
