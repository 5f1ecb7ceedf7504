import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useLocation, useNavigation } from "react-router";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { TextAreaField } from "~/components/field";
import { FormError } from "~/components/form-error";
import { StarsInput } from "~/components/stars";
import { AdoptedOption } from "~/components/adopted-option";
import { MilestoneTimeline } from "~/components/milestones";
import { BallotForm, BallotSummary, type BallotReply } from "~/components/ballot-form";
import {
  ObjectionForm,
  ObjectionSchema,
  ProposeNeedForm,
  ProposeNeedSchema,
  type ResidentFormReply,
} from "~/components/resident-forms";
import { similarNeeds } from "~/domain/needs";
import { castHouseholdBallot } from "~/models/ballot.server";
import type { CurrentAccount } from "~/models/account.server";
import { rateSatisfaction } from "~/models/construction.server";
import { proposeNeed, supportNeed } from "~/models/need.server";
import { fileObjection } from "~/models/objection.server";
import { residentRoundView } from "~/models/resident.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import {
  attempt,
  formProblem,
  fromFailure,
  notFoundOnDomainError,
  type FormProblem,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { area, day } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { LIMITS, rateLimited } from "~/utils/rate-limit.server";
import { localName } from "~/utils/names";
import type { Route } from "./+types/participate";

// What a resident is asked to do in one round: propose and support needs, score options,
// object to a result, rate the finished work. One page; the phase decides which part is open.
const Params = z.object({ roundId: z.coerce.number().int().positive() });
const id = z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid");
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "errors.too_long")
    .optional()
    .transform((s) => (s ? s : null));
const score = z.coerce
  .number({ error: "errors.score_range" })
  .int("errors.score_range")
  .min(1, "errors.score_range")
  .max(5, "errors.score_range");

// a household's ballot posts scores.<optionId> and comments.<optionId> for every option
const optionKey = z.string().regex(/^[1-9][0-9]{0,8}$/, "errors.invalid");
const BallotSchema = z.object({
  intent: z.literal("ballot"),
  householdId: id,
  scores: z.record(optionKey, score).optional(),
  comments: z.record(optionKey, optionalText(500)).optional(),
});

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("support"), householdId: id, needId: id }),
  z.object({ intent: z.literal("rate"), householdId: id, score, comment: optionalText(500) }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "resident");
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("not found", { status: 404 });
  return { view: await notFoundOnDomainError(() => residentRoundView(account, p.data.roundId)) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const account = await requireRole(request, "resident");
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("not found", { status: 404 });
  const roundId = p.data.roundId;
  const form = await readForm(request);
  const at = String(form.get("at") ?? "");
  const intent = form.get("intent");
  if (intent === "ballot") return ballot(request, roundId, account, form, context?.ip);
  if (intent === "preview_need" || intent === "propose") return propose(roundId, account, form);
  if (intent === "preview_objection" || intent === "object")
    return object(request, roundId, account, form);
  const parsed = parseForm(Intent, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form", at });
  const input = parsed.data;
  const result = await attempt(async () => {
    switch (input.intent) {
      case "support":
        await supportNeed(input.needId, input.householdId, account);
        return "flash.need_supported";
      case "rate":
        await rateSatisfaction(roundId, input.householdId, input.score, input.comment, account);
        return "flash.rated";
    }
  });
  if (!result.ok) return fromFailure(result, at);
  return redirectWithFlash(request, `/rounds/${roundId}/participate#${at}`, result.value);
}

const answer = (reply: ResidentFormReply, status = 200) => data(reply, { status });

/** A need: the first submit previews it beside the round's similar needs, the second publishes it. */
async function propose(roundId: number, account: CurrentAccount, form: FormData) {
  const at = String(form.get("at") ?? "");
  const submission = parseWithZod(form, { schema: ProposeNeedSchema });
  if (submission.status !== "success") return answer({ at, result: submission.reply() }, 400);
  const { intent, householdId, catalogueKey, title, description } = submission.value;
  if (intent === "preview_need") {
    const view = await notFoundOnDomainError(() => residentRoundView(account, roundId));
    const similar = similarNeeds(title, view.needs).map((n) => ({
      id: n.id,
      title: n.title,
      supporters: n.supporters,
    }));
    return answer({ at, result: submission.reply(), previewed: true, similar });
  }
  const r = await attempt(() =>
    proposeNeed({ roundId, householdId, catalogueKey, title, description }, account),
  );
  if (!r.ok)
    return answer({ at, result: submission.reply({ formErrors: [`errors.${r.code}`] }) }, r.status);
  // the confirmation stands where the form was (#proposed-…), and the form comes back empty
  return redirect(`/rounds/${roundId}/participate?proposed=${householdId}#proposed-${householdId}`);
}

/** The one objection per household: previewed, then filed on a second, explicit confirmation. */
async function object(request: Request, roundId: number, account: CurrentAccount, form: FormData) {
  const at = String(form.get("at") ?? "");
  const submission = parseWithZod(form, { schema: ObjectionSchema });
  if (submission.status !== "success") return answer({ at, result: submission.reply() }, 400);
  const { intent, householdId, text } = submission.value;
  if (intent === "preview_objection")
    return answer({ at, result: submission.reply(), previewed: true });
  const r = await attempt(() => fileObjection(roundId, householdId, text, account));
  if (!r.ok)
    return answer({ at, result: submission.reply({ formErrors: [`errors.${r.code}`] }) }, r.status);
  return redirectWithFlash(
    request,
    `/rounds/${roundId}/participate#object-${householdId}`,
    "flash.objection_filed",
  );
}

/** The household's whole ballot in one submit; a refusal sends back what was picked. */
async function ballot(
  request: Request,
  roundId: number,
  account: CurrentAccount,
  form: FormData,
  ip: string | null | undefined,
) {
  const at = String(form.get("at") ?? "");
  const submission = parseWithZod(form, { schema: BallotSchema });
  const payload = submission.payload as {
    scores?: Record<string, string>;
    comments?: Record<string, string>;
  };
  const refuse = (message: string, status: number, params?: Record<string, string | number>) =>
    data(
      {
        at,
        form: message,
        values: { scores: payload.scores ?? {}, comments: payload.comments ?? {} },
        params,
      } satisfies BallotReply & { at: string },
      { status },
    );
  if (submission.status !== "success") {
    const first = Object.values(submission.error ?? {}).flat()[0] ?? "errors.invalid";
    return refuse(first.startsWith("errors.") ? first : "errors.invalid", 400);
  }
  const limited = await rateLimited(
    [
      [LIMITS.ballotPerAccount, account.id],
      [LIMITS.ballotPerIp, ip],
    ],
    at,
  );
  if (limited) return limited;
  const { householdId, scores = {}, comments = {} } = submission.value;
  const result = await attempt(() =>
    castHouseholdBallot(
      {
        roundId,
        householdId,
        scores: Object.entries(scores).map(([optionId, score]) => ({
          optionId: Number(optionId),
          score,
          comment: comments[optionId] ?? null,
        })),
      },
      account,
    ),
  );
  if (!result.ok) return refuse(`errors.${result.code}`, result.status, result.params);
  return redirectWithFlash(request, `/rounds/${roundId}/participate#${at}`, "flash.ballot_cast");
}

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
        <strong>{t(`phases.${round.phase}`)}</strong> — {t(`asked_now.${round.phase}`)}
      </p>

      {view.households.map((h) => (
        <section key={h.id} aria-labelledby={`h-${h.id}`} className="household">
          <h2 id={`h-${h.id}`}>
            {t("participate.household", { address: h.address, area: area(h.areaCenti, lang) })}
          </h2>

          {round.phase === "ORDERING" && (
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

          {view.options.length > 0 &&
            ["TASTING", "CLOSED", "ADOPTED", "FAILED"].includes(round.phase) && (
              <section id={`vote-${h.id}`}>
                <p className="small">{t("participate.ballot_privacy")}</p>
                {h.receipt && (
                  <p className="notice">
                    {t("participate.receipt")} <code className="receipt">{h.receipt}</code>
                  </p>
                )}
                {allowed.cast_ballot === null ? (
                  <BallotForm
                    roundId={round.id}
                    householdId={h.id}
                    at={`vote-${h.id}`}
                    options={view.options}
                    shares={h.shares}
                    mine={h.ballots}
                    rules={round.rules}
                    reply={ballotReply(`vote-${h.id}`)}
                  />
                ) : (
                  <BallotSummary options={view.options} mine={h.ballots} shares={h.shares} />
                )}
                {allowed.cast_ballot === null && (
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

          {round.phase === "CONSTRUCTION" && (
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
