import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field, TextAreaField } from "~/components/field";
import { FormError } from "~/components/form-error";
import { Duration } from "~/components/repair-stats";
import { RepairTimeline } from "~/components/repair-timeline";
import { stepTicket } from "~/models/repair.server";
import { ticketView } from "~/models/repair-views.server";
import { requireAccount } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import {
  attempt,
  formProblem,
  fromFailure,
  notFoundOnDomainError,
  type FormProblem,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { dateTime, day } from "~/lib/format";
import { parseForm } from "~/utils/forms";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import { repairPhotos } from "~/utils/repair-form.server";
import { recordingPhotos, UPLOAD_DIR } from "~/utils/uploads.server";
import type { Route } from "./+types/repairs-ticket";

// One repair ticket: its place, clock and timeline, and the step each person may take now.
const note = z.string().trim().max(500, "errors.too_long").optional();
const Step = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("answer"), note }),
  z.object({
    intent: z.literal("assign"),
    assigneeId: z.coerce
      .number({ error: "errors.repair_assignee_invalid" })
      .int()
      .positive("errors.repair_assignee_invalid"),
    note,
  }),
  z.object({ intent: z.literal("fix"), note }),
  z.object({ intent: z.literal("quick_close"), note }),
  z.object({
    intent: z.literal("rate"),
    score: z.coerce
      .number({ error: "errors.score_range" })
      .int()
      .min(1, "errors.score_range")
      .max(5, "errors.score_range"),
    note,
  }),
  z.object({
    intent: z.literal("reopen"),
    note: z.string().trim().min(1, "errors.required").max(500, "errors.too_long"),
  }),
  // the contractor's answers to a warranty claim
  z.object({ intent: z.literal("accept_claim"), note }),
  z.object({
    intent: z.literal("dispute_claim"),
    note: z.string().trim().min(1, "errors.repair_dispute_reason").max(500, "errors.too_long"),
  }),
  z.object({ intent: z.literal("fix_claim"), note }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireAccount(request);
  const id = idParam(params, "ticketId");
  return notFoundOnDomainError(() => ticketView(id, account));
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireAccount(request);
  const id = idParam(params, "ticketId");
  const form = await readForm(request);
  const parsed = parseForm(Step, form);
  const at = String(form.get("intent") ?? "");
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form", at });
  const input = parsed.data;
  const photos =
    input.intent === "fix" || input.intent === "fix_claim" ? await repairPhotos(form) : [];
  if (typeof photos === "string")
    return formProblem({ errors: { photos: `errors.${photos}` }, form: `errors.${photos}`, at });
  const r = await recordingPhotos(photos, UPLOAD_DIR, () =>
    attempt(() =>
      stepTicket(
        id,
        input.intent,
        {
          note: input.note || null,
          assigneeId: input.intent === "assign" ? input.assigneeId : undefined,
          score: input.intent === "rate" ? input.score : undefined,
          photos,
        },
        account,
      ),
    ),
  );
  return r.ok
    ? redirectWithFlash(request, `/repairs/${id}`, `repairs.flash.${input.intent}`)
    : fromFailure(r, at);
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `报修单 ${data.ticket.id} · 点菜 Diancai` : "点菜 Diancai" }];
}

export default function RepairTicket({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { ticket: x, can, technicians, minutesLeft } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const errs = (at: string) => (problem?.at === at ? problem : undefined);
  const busy = useNavigation().state === "submitting";
  const place =
    x.placeKind === "flat"
      ? t("repairs.ticket.own_flat", { room: x.household?.room ?? "" })
      : [
          x.building,
          x.unit,
          x.floor !== null ? t("repairs.ticket.floor", { floor: x.floor }) : null,
          x.placeNote,
        ]
          .filter(Boolean)
          .join(" ");
  const stepForm = (intent: string, label: string, children?: React.ReactNode, photos = false) => (
    <Form
      method="post"
      encType={photos ? "multipart/form-data" : undefined}
      className="card stack"
      key={intent}
    >
      <h2>{label}</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <FormError message={errs(intent)?.form} />
      {children}
      <button type="submit" disabled={busy}>
        {label}
      </button>
    </Form>
  );
  // the technician's fix, or the contractor's under warranty: what was done, and a photo of it
  const fixForm = (intent: "fix" | "fix_claim") =>
    stepForm(
      intent,
      t(`repairs.steps.${intent}`),
      <>
        <TextAreaField
          id={`${intent}-note`}
          name="note"
          label={t("repairs.steps.what_was_done")}
          optional
        />
        <Field
          id={`${intent}-photos`}
          name="photos"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          label={t("repairs.steps.fix_photo")}
          hint={t("repairs.form.photos_hint")}
          error={errs(intent)?.errors.photos}
        />
      </>,
      true,
    );
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/repairs">{t("repairs.title")}</Link> ›{" "}
        {localName(lang, x.compound.name, x.compound.nameEn)}
      </nav>
      <h1>
        {t("repairs.ticket.title", { id: x.id })} · {t(`repairs.categories.${x.category}`)}
      </h1>
      <dl className="figures">
        <div>
          <dt>{t("repairs.ticket.status")}</dt>
          <dd>{t(`repairs.statuses.${x.status}`)}</dd>
        </div>
        <div>
          <dt>{t("repairs.ticket.urgency")}</dt>
          <dd>{t(`repairs.urgencies.${x.urgency}`)}</dd>
        </div>
        <div>
          <dt>{t("repairs.ticket.place")}</dt>
          <dd>{place}</dd>
        </div>
        <div>
          <dt>{t("repairs.ticket.promised")}</dt>
          <dd>
            {t("repairs.ticket.promise_text", {
              answer: dateTime(x.answerDueAt, lang),
              fix: dateTime(x.fixDueAt, lang),
            })}
          </dd>
        </div>
        {minutesLeft !== null && (
          <div>
            <dt>{t("repairs.ticket.clock")}</dt>
            <dd className={minutesLeft < 0 ? "warn" : undefined}>
              <Duration minutes={minutesLeft} />
            </dd>
          </div>
        )}
        {x.assignee && (
          <div>
            <dt>{t("repairs.ticket.assignee")}</dt>
            <dd>{x.assignee.displayName}</dd>
          </div>
        )}
        {x.rating !== null && (
          <div>
            <dt>{t("repairs.ticket.rating")}</dt>
            <dd>{t("stars.n", { count: x.rating })}</dd>
          </div>
        )}
      </dl>
      {x.source === "inspection" && <p className="notice">{t("repairs.ticket.inspection")}</p>}
      {x.escalationLevel > 0 && (
        <p className="notice warn">{t(`repairs.escalation.${x.escalationLevel}`)}</p>
      )}
      {x.warranty && (
        <p className="notice">
          {t("repairs.ticket.warranty", {
            kind: t(`repairs.warranty_kinds.${x.warranty.kind}`),
            contractor: x.warranty.contractor,
            date: day(x.warranty.endsAt, lang),
          })}{" "}
          {x.claimStatus && <strong>{t(`repairs.claim_statuses.${x.claimStatus}`)}</strong>}{" "}
          <Link to={`/rounds/${x.warranty.roundId}`}>{t("repairs.ticket.warranty_round")}</Link>
        </p>
      )}
      {x.text && <p>{x.text}</p>}

      {can.answer &&
        stepForm(
          "answer",
          t("repairs.steps.answer"),
          <TextAreaField
            id="answer-note"
            name="note"
            label={t("repairs.steps.answer_note")}
            optional
          />,
        )}
      {can.quick_close &&
        stepForm(
          "quick_close",
          t("repairs.steps.quick_close"),
          <>
            <p className="hint">{t("repairs.steps.quick_close_hint")}</p>
            <TextAreaField
              id="quick_close-note"
              name="note"
              label={t("repairs.steps.what_was_done")}
              optional
            />
          </>,
        )}
      {can.assign &&
        stepForm(
          "assign",
          t("repairs.steps.assign"),
          <div className="field">
            <label htmlFor="assigneeId">{t("repairs.steps.technician")}</label>
            <select id="assigneeId" name="assigneeId" defaultValue={x.assigneeId ?? ""}>
              <option value="">{t("repairs.form.choose")}</option>
              {technicians.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.displayName}
                </option>
              ))}
            </select>
            {errs("assign")?.errors.assigneeId && (
              <p className="field-error">{t(errs("assign")!.errors.assigneeId)}</p>
            )}
          </div>,
        )}
      {can.fix && fixForm("fix")}
      {can.rate &&
        stepForm(
          "rate",
          t("repairs.steps.rate"),
          <>
            <fieldset>
              <legend>{t("repairs.steps.score")}</legend>
              {/* 1 → 5, as the ballot lists its stars */}
              {[1, 2, 3, 4, 5].map((n) => (
                <div className="check" key={n}>
                  <input type="radio" id={`score-${n}`} name="score" value={n} required={n === 1} />
                  <label htmlFor={`score-${n}`}>{t("stars.n", { count: n })}</label>
                </div>
              ))}
              {errs("rate")?.errors.score && (
                <p className="field-error">{t(errs("rate")!.errors.score)}</p>
              )}
            </fieldset>
            <TextAreaField id="rate-note" name="note" label={t("repairs.steps.comment")} optional />
          </>,
        )}
      {can.reopen &&
        stepForm(
          "reopen",
          t("repairs.steps.reopen"),
          <TextAreaField
            id="reopen-note"
            name="note"
            label={t("repairs.steps.reopen_why")}
            error={errs("reopen")?.errors.note}
          />,
        )}
      {can.accept_claim &&
        stepForm(
          "accept_claim",
          t("repairs.steps.accept_claim"),
          <>
            <p className="hint">{t("repairs.steps.accept_claim_hint")}</p>
            <TextAreaField
              id="accept_claim-note"
              name="note"
              label={t("repairs.steps.answer_note")}
              optional
            />
          </>,
        )}
      {can.fix_claim && fixForm("fix_claim")}
      {can.dispute_claim &&
        stepForm(
          "dispute_claim",
          t("repairs.steps.dispute_claim"),
          <>
            <p className="hint">{t("repairs.steps.dispute_claim_hint")}</p>
            <TextAreaField
              id="dispute_claim-note"
              name="note"
              label={t("repairs.steps.dispute_why")}
              error={errs("dispute_claim")?.errors.note}
            />
          </>,
        )}
      <RepairTimeline events={x.events} />
    </>
  );
}
