import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { choiceOfScore, MOTION_CHOICES, MOTION_SCORE, ELECTION_SCORE } from "~/domain/matters";
import type { RuleSet } from "~/domain/rules";
import { CsrfInput } from "./csrf-input";
import { FormError } from "./form-error";
import { MatterBar } from "./matter-result";

type Choice = { id: number; code: string; title: string; description: string };
type Mine = Record<number, { score: number }>;
export type MatterReply = {
  form: string;
  values: { scores: Record<string, string>; approve?: string[] };
  params?: Record<string, string | number>;
};

/** What both ballots share: the form, its hidden fields, the bar, the reply and the button. */
function MatterBallotShell({
  householdId,
  at,
  intent,
  title,
  intro,
  reply,
  cast,
  children,
}: {
  householdId: number;
  at: string;
  intent: "ballot" | "approve";
  title: string;
  /** what the household reads before choosing (the question, the bar, how to choose) */
  intro: React.ReactNode;
  reply?: MatterReply;
  cast: boolean;
  /** the choices */
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="stack ballot" aria-labelledby={`${at}-title`}>
      <h3 id={`${at}-title`}>{title}</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="at" value={at} />
      <input type="hidden" name="householdId" value={householdId} />
      {intro}
      <FormError message={reply?.form} params={reply?.params} />
      {children}
      <button type="submit" disabled={busy}>
        {busy ? t("common.working") : t(cast ? "matter.change_vote" : "matter.vote")}
      </button>
    </Form>
  );
}

/**
 * A motion's ballot: one question, 同意 / 反对 / 弃权 for the head, posted as the score the round
 * stores (domain/matters MOTION_SCORE). The ballot says how an abstention counts.
 */
export function MotionBallotForm({
  householdId,
  at,
  motion,
  item,
  rules,
  mine,
  reply,
}: {
  householdId: number;
  at: string;
  motion: Choice;
  item: number | null;
  rules: RuleSet;
  mine: Mine;
  reply?: MatterReply;
}) {
  const { t } = useTranslation();
  const chosen = reply ? Number(reply.values.scores[String(motion.id)]) : mine[motion.id]?.score;
  return (
    <MatterBallotShell
      {...{ householdId, at, reply }}
      intent="ballot"
      title={t("matter.question")}
      cast={mine[motion.id] !== undefined}
      intro={
        <>
          <p className="question">
            <strong>{motion.title}</strong>
          </p>
          <p>{motion.description}</p>
          <dl className="facts">
            <MatterBar item={item} rules={rules} />
          </dl>
          <p className="notice">{t("matter.abstain_counts")}</p>
        </>
      }
    >
      <fieldset>
        <legend>{t("matter.your_choice")}</legend>
        {MOTION_CHOICES.map((c) => (
          <label key={c} className="choice">
            <input
              type="radio"
              name={`scores.${motion.id}`}
              value={MOTION_SCORE[c]}
              defaultChecked={chosen === MOTION_SCORE[c]}
              required
            />{" "}
            {t(`matter.choice.${c}`)}
          </label>
        ))}
      </fieldset>
    </MatterBallotShell>
  );
}

/** An election's ballot: approve up to as many candidates as there are seats (one box each). */
export function ElectionBallotForm({
  householdId,
  at,
  candidates,
  seats,
  item,
  rules,
  mine,
  reply,
}: {
  householdId: number;
  at: string;
  candidates: Choice[];
  seats: number;
  item: number | null;
  rules: RuleSet;
  mine: Mine;
  reply?: MatterReply;
}) {
  const { t } = useTranslation();
  const approved = (id: number) =>
    reply
      ? (reply.values.approve ?? []).includes(String(id))
      : mine[id]?.score === ELECTION_SCORE.approve;
  return (
    <MatterBallotShell
      {...{ householdId, at, reply }}
      intent="approve"
      title={t("matter.candidates")}
      cast={Object.keys(mine).length > 0}
      intro={
        <>
          <dl className="facts">
            <MatterBar item={item} rules={rules} />
          </dl>
          <p className="notice">{t("matter.approve_up_to", { count: seats })}</p>
          <p>{t("matter.tie_rule")}</p>
        </>
      }
    >
      <fieldset>
        <legend>{t("matter.approve_legend", { count: seats })}</legend>
        {candidates.map((c) => (
          <div key={c.id} className="card">
            <label className="choice">
              <input type="checkbox" name="approve" value={c.id} defaultChecked={approved(c.id)} />{" "}
              <strong>
                {c.code} · {c.title}
              </strong>
            </label>
            <p>{c.description}</p>
          </div>
        ))}
      </fieldset>
    </MatterBallotShell>
  );
}

/** After voting: what the head chose, nothing to change. */
export function MatterBallotSummary({
  kind,
  choices,
  mine,
}: {
  kind: string;
  choices: Choice[];
  mine: Mine;
}) {
  const { t } = useTranslation();
  if (Object.keys(mine).length === 0) return <p>{t("participate.not_scored")}</p>;
  if (kind === "motion") {
    const c = choiceOfScore(mine[choices[0]?.id]?.score ?? 0);
    return <p>{t("matter.my_choice", { choice: c ? t(`matter.choice.${c}`) : "—" })}</p>;
  }
  const names = choices.filter((c) => mine[c.id]?.score === ELECTION_SCORE.approve);
  return (
    <p>
      {t("matter.my_approvals", {
        names: names.map((c) => `${c.code} · ${c.title}`).join("、") || t("matter.approved_none"),
      })}
    </p>
  );
}
