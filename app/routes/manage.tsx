import { useTranslation } from "react-i18next";
import { useLiveRefresh } from "~/components/live-refresh";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { StaffLinks } from "~/components/staff-links";
import { CsrfInput } from "~/components/csrf-input";
import { Field, TextAreaField } from "~/components/field";
import { FormError } from "~/components/form-error";
import { ParticipationBoard } from "~/components/participation";
import { DEADLINES, EXTENSION_DAYS, IRREVERSIBLE, TRANSITIONS } from "~/domain/round-lifecycle";
import { answerObjection } from "~/models/objection.server";
import { requireRoundStaff } from "~/models/quorum.server";
import { transitionRound } from "~/models/round-transition.server";
import { manageView } from "~/models/round-views.server";
import { deadlinesView, moveDeadlines } from "~/models/round-setup.server";
import { chinaDay, endOfDay } from "~/components/round-form";
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
import { dateTime, day as dayOf } from "~/lib/format";
import { parseForm } from "~/utils/forms";
import { idParam } from "~/utils/params.server";
import { localName } from "~/utils/names";
import type { Route } from "./+types/manage";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date_invalid");

const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("transition"),
    action: z.enum(TRANSITIONS as [string, ...string[]], { error: "errors.invalid" }),
    confirm: z.string().optional(),
    extensionDays: z.coerce
      .number({ error: "errors.invalid" })
      .int("errors.extension_days_range")
      .optional(),
  }),
  z.object({
    intent: z.literal("deadlines"),
    orderingEndsAt: day.optional(),
    cookingEndsAt: day.optional(),
    tastingEndsAt: day.optional(),
  }),
  z.object({
    intent: z.literal("answer"),
    objectionId: z.coerce.number().int().positive(),
    answer: z.string().trim().min(1, "errors.required").max(4000, "errors.too_long"),
  }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "roundId");
  await notFoundOnDomainError(() => requireRoundStaff(id, account));
  return {
    view: await notFoundOnDomainError(() => manageView(id, account)),
    deadlines: await deadlinesView(id),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "roundId");
  const form = await readForm(request);
  const parsed = parseForm(Intent, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const input = parsed.data;
  if (input.intent === "transition") {
    const action = input.action as (typeof TRANSITIONS)[number];
    if (IRREVERSIBLE.includes(action) && input.confirm !== "yes")
      return formProblem({
        errors: { confirm: "errors.confirm_required" },
        form: "errors.confirm_required",
        at: action,
      });
    const r = await attempt(() =>
      transitionRound(id, action, account, new Date(), { extensionDays: input.extensionDays }),
    );
    return r.ok
      ? redirectWithFlash(request, `/rounds/${id}/manage`, `flash.transition.${action}`)
      : fromFailure(r, action);
  }
  if (input.intent === "deadlines") {
    const moved = Object.fromEntries(
      DEADLINES.flatMap((k) => (input[k] ? [[k, endOfDay(input[k])]] : [])),
    );
    const r = await attempt(() => moveDeadlines(id, moved, account));
    return r.ok
      ? redirectWithFlash(request, `/rounds/${id}/manage`, "flash.deadlines_moved")
      : fromFailure(r, "deadlines");
  }
  const r = await attempt(() => answerObjection(input.objectionId, input.answer, account));
  return r.ok
    ? redirectWithFlash(request, `/rounds/${id}/manage`, "flash.objection_answered")
    : fromFailure(r, `objection-${input.objectionId}`);
}

export default function Manage({ loaderData, actionData }: Route.ComponentProps) {
  useLiveRefresh();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { view, deadlines } = loaderData;
  const movable =
    ["ORDERING", "COOKING", "TASTING"].includes(view.round.phase) &&
    deadlines.deadlines.some((d) => !d.passed);
  const problem = actionData as FormProblem | undefined;
  const dErr = problem?.at === "deadlines" ? problem.errors : {};
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${view.round.id}`}>
          {localName(lang, view.round.title, view.round.titleEn)}
        </Link>
      </nav>
      <StaffLinks roundId={view.round.id} phase={view.round.phase} />
      <h1>{t("manage.title")}</h1>
      <p>
        {t("round.phase_now")}
        {t("common.colon")}
        <strong>{t(`phases.${view.round.phase}`)}</strong>
      </p>
      <PhasePointers round={view.round} />
      {view.round.phase === "DRAFT" && (
        <p>
          <Link to={`/rounds/${view.round.id}/edit`}>{t("manage.edit_draft")}</Link>
        </p>
      )}

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">{t("manage.next")}</h2>
        {view.transitions.length === 0 && (
          <p>
            {t(
              view.round.phase === "CONSTRUCTION"
                ? "manage.nothing_next_construction"
                : "manage.nothing_next",
            )}
          </p>
        )}
        {view.transitions.map(({ action, verdict, checklist }) => (
          <Form key={action} method="post" className="card stack">
            <h3>{t(`transition.${action}`)}</h3>
            <CsrfInput />
            <input type="hidden" name="intent" value="transition" />
            <input type="hidden" name="action" value={action} />
            {checklist.length > 0 && (
              <ul className="checklist" aria-label={t("manage.checklist")}>
                {checklist.map((c) => (
                  <li key={c.key} className={c.ok ? "ok" : "todo"}>
                    <span aria-hidden="true">{c.ok ? "✓" : "✗"}</span> {t(`check.${c.key}`)}{" "}
                    <span className="visually-hidden">{t(c.ok ? "check.yes" : "check.no")}</span>
                    {!c.ok && (
                      <GateWho check={c.key} roundId={view.round.id} options={view.options} />
                    )}
                  </li>
                ))}
              </ul>
            )}
            {action === "decide_round" && view.outcome && (
              <p>{t("manage.outcome", { phase: t(`phases.${view.outcome}`) })}</p>
            )}
            {action === "decide_round" && view.decisionWaits && (
              <DecisionWaits waits={view.decisionWaits} />
            )}
            {problem?.at === action && <FormError message={problem.form} />}
            {!verdict.ok && <p className="muted">{t(`errors.reason_${verdict.reason}`)}</p>}
            {action === "extend_tasting" && (
              <Field
                id="extension-days"
                name="extensionDays"
                type="number"
                label={t("manage.extension_days")}
                hint={t("manage.extension_days_hint", {
                  min: Math.max(EXTENSION_DAYS.min, deadlines.minVotingDays),
                  max: EXTENSION_DAYS.max,
                })}
                min={Math.max(EXTENSION_DAYS.min, deadlines.minVotingDays)}
                max={EXTENSION_DAYS.max}
                defaultValue={EXTENSION_DAYS.default}
                disabled={!verdict.ok}
              />
            )}
            {IRREVERSIBLE.includes(action) && (
              <div className="check">
                <input
                  type="checkbox"
                  id={`confirm-${action}`}
                  name="confirm"
                  value="yes"
                  required
                  disabled={!verdict.ok}
                />
                <label htmlFor={`confirm-${action}`}>{t("manage.confirm")}</label>
              </div>
            )}
            <button type="submit" disabled={busy || !verdict.ok}>
              {t(`transition.${action}`)}
            </button>
          </Form>
        ))}
      </section>

      {movable && (
        <section aria-labelledby="deadlines-heading">
          <h2 id="deadlines-heading">{t("manage.deadlines")}</h2>
          <Form method="post" className="card stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="deadlines" />
            <p className="hint">{t("manage.deadlines_hint")}</p>
            {problem?.at === "deadlines" && <FormError message={problem.form} />}
            {deadlines.deadlines.map((d) =>
              d.passed ? (
                <p key={d.key}>
                  {t(`manage.deadline.${d.key}`)}
                  {t("common.colon")}
                  {dateTime(d.at, lang)} · {t("manage.deadline_passed")}
                </p>
              ) : (
                <Field
                  key={d.key}
                  id={`deadline-${d.key}`}
                  name={d.key}
                  type="date"
                  label={t(`manage.deadline.${d.key}`)}
                  defaultValue={chinaDay(new Date(d.at))}
                  error={dErr[d.key]}
                />
              ),
            )}
            <button type="submit" disabled={busy}>
              {t("manage.move_deadlines")}
            </button>
          </Form>
        </section>
      )}

      {["ORDERING", "TASTING", "CLOSED", "FAILED"].includes(view.round.phase) && (
        <section aria-labelledby="board-heading">
          <h2 id="board-heading">{t("board.title")}</h2>
          <ParticipationBoard participation={view.participation} missing={view.missing} />
        </section>
      )}

      <section aria-labelledby="objections-heading">
        <h2 id="objections-heading">{t("manage.objections")}</h2>
        {view.objections.length === 0 && <p>{t("manage.no_objections")}</p>}
        {view.objections.map((o) => (
          <article key={o.id} className="card">
            <h3>
              {o.address} · {dayOf(o.createdAt, lang)}
            </h3>
            <p>{o.text}</p>
            {o.answer ? (
              <p>{t("participate.answer", { answer: o.answer })}</p>
            ) : (
              <Form method="post" className="stack">
                <CsrfInput />
                <input type="hidden" name="intent" value="answer" />
                <input type="hidden" name="objectionId" value={o.id} />
                {problem?.at === `objection-${o.id}` && <FormError message={problem.form} />}
                <TextAreaField id={`answer-${o.id}`} name="answer" label={t("manage.answer")} />
                <button type="submit" disabled={busy}>
                  {t("manage.answer_submit")}
                </button>
              </Form>
            )}
          </article>
        ))}
      </section>
    </>
  );
}

/** Who meets an unmet gate, and where (issue 29): the gate names its role and links its page. */
const GATE_WHO: Record<string, { role: string; page: (roundId: number) => string; link: string }> =
  {
    menu_frozen: { role: "community_worker", page: (id) => `/rounds/${id}/work`, link: "work" },
    approved_option: { role: "auditor", page: () => "/reviews", link: "reviews" },
    mandatory_covered: { role: "designer", page: (id) => `/rounds/${id}`, link: "options" },
    objections_answered: {
      role: "street_office",
      page: () => "#objections-heading",
      link: "objections",
    },
  };

function GateWho({
  check,
  roundId,
  options,
}: {
  check: string;
  roundId: number;
  options: { id: number; code: string; title: string; version: number; status: string }[];
}) {
  const { t } = useTranslation();
  const who = GATE_WHO[check];
  if (!who) return null;
  return (
    <div className="small gate-who">
      {t("manage.gate_who", { role: t(`manage.gate_role.${who.role}`) })}
      <Link to={who.page(roundId)}>{t(`manage.gate_link.${who.link}`)}</Link>
      {check === "approved_option" && options.length > 0 && (
        <ul>
          {options.map((o) => (
            <li key={o.id}>
              <Link to={`/rounds/${roundId}/options/${o.id}`}>
                {o.code} · {o.title}
              </Link>
              {t("common.colon")}
              {t("option.version_line", {
                version: o.version,
                status: t(`version_status.${o.status}`),
              })}
            </li>
          ))}
        </ul>
      )}
      {check === "approved_option" && options.length === 0 && <p>{t("manage.gate_no_options")}</p>}
    </div>
  );
}

/** What a phase without a transition asks for instead, and a closed round's notice, linked. */
function PhasePointers({ round }: { round: { id: number; phase: string } }) {
  const { t } = useTranslation();
  const id = round.id;
  const closed = ["CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"].includes(round.phase);
  const pointers: { to: string; label: string }[] = [
    ...(round.phase === "CONSTRUCTION"
      ? [
          { to: `/rounds/${id}#progress-heading`, label: "manage.pointer_milestones" },
          { to: `/rounds/${id}/warranty`, label: "manage.pointer_warranty" },
        ]
      : []),
    ...(closed
      ? [
          { to: `/rounds/${id}/notice`, label: "manage.pointer_notice" },
          { to: `/rounds/${id}/verify`, label: "manage.pointer_verify" },
        ]
      : []),
  ];
  if (pointers.length === 0) return null;
  return (
    <ul className="actions" aria-label={t("manage.pointers")}>
      {pointers.map((p) => (
        <li key={p.to}>
          <Link to={p.to}>{t(p.label)}</Link>
        </li>
      ))}
    </ul>
  );
}

/** When deciding the result unlocks, and what it still waits for (said before the button). */
function DecisionWaits({
  waits,
}: {
  waits: { unlocksAt: Date | string | null; unanswered: number };
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="notice">
      {waits.unlocksAt && (
        <p>{t("manage.decide_unlocks_at", { at: dateTime(waits.unlocksAt, i18n.language) })}</p>
      )}
      {waits.unanswered > 0 && (
        <p>{t("manage.decide_waits_answers", { count: waits.unanswered })}</p>
      )}
    </div>
  );
}
