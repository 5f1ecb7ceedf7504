import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { ManagementLine, TrialFiguresSection } from "~/components/trial-figures";
import { yuanToFen } from "~/domain/decimal";
import { chinaDay, mayOpenMotion } from "~/domain/property-trial";
import { createTrial, trialById, trialSetup } from "~/models/property-trial.server";
import { openTrialMotionNow } from "~/models/trial-motion.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { data } from "react-router";
import {
  attempt,
  formProblem,
  notFoundOnDomainError,
  type FormProblem,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/property-trial";

// The street office or the compound's community sets up a property service on trial (先尝后买)
// and, when it is over, opens the owners' decision on hiring it.

const day = z
  .string()
  .transform(
    (v, ctx) =>
      chinaDay(v.trim()) ??
      (ctx.addIssue({ code: "custom", message: "errors.invalid_date" }), z.NEVER),
  );
const whole = (max: number, message: string) =>
  z.coerce.number({ error: message }).int(message).min(1, message).max(max, message);

const Create = z.object({
  intent: z.literal("create"),
  company: z.string().trim().min(1, "errors.required").max(60, "errors.too_long"),
  companyEn: z
    .string()
    .trim()
    .max(80, "errors.too_long")
    .optional()
    .transform((v) => v || null),
  startsOn: day,
  // the last day of the trial; it ends at 00:00 of the next
  lastDay: day.transform((d) => new Date(d.getTime() + 86_400_000)),
  price: z
    .string()
    .transform(
      (v, ctx) =>
        yuanToFen(v) ??
        (ctx.addIssue({ code: "custom", message: "errors.trial_price_range" }), z.NEVER),
    ),
  termYears: whole(99, "errors.trial_term_range"),
  responseHours: whole(9999, "errors.trial_response_range"),
  repairHours: whole(9999, "errors.trial_repair_range"),
});

const OpenMotion = z.object({
  intent: z.literal("open_motion"),
  trialId: z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid"),
  // voting ends at 00:00 of the day after its last day
  votingLastDay: day.transform((d) => new Date(d.getTime() + 86_400_000)),
});

// the model's field names for the form's, so a refusal is shown beside the field typed in
const FIELD_OF: Record<string, string> = {
  startsAt: "startsOn",
  endsAt: "lastDay",
  priceFen: "price",
};

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office", "community_worker");
  const id = idParam(params, "compoundId");
  const setup = await notFoundOnDomainError(() => trialSetup(id, account));
  const now = new Date();
  const trial = setup.trial ? await trialById(setup.trial.id, now) : null;
  return {
    ...setup,
    trial,
    // the street office opens every owners' decision; the community sees the trial and its figures
    mayOpen: account.role === "street_office" && trial ? mayOpenMotion(trial, now) === null : false,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office", "community_worker");
  const id = idParam(params, "compoundId");
  const form = await readForm(request);
  if (form.get("intent") === "open_motion") {
    const parsed = parseForm(OpenMotion, form);
    if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
    const r = await attempt(() =>
      openTrialMotionNow(parsed.data.trialId, parsed.data.votingLastDay, account),
    );
    if (r.ok) return redirectWithFlash(request, `/rounds/${r.value}`, "trial.flash.motion_opened");
    // the motion's own refusals name its fields: the voting period is this form's last day
    const { votingEndsAt, form: whole } = r.fields ?? {};
    return formProblem(
      {
        errors: votingEndsAt ? { votingLastDay: votingEndsAt } : {},
        form: whole ?? (r.fields ? "errors.check_form" : `errors.${r.code}`),
      },
      r.status,
    );
  }
  // what was typed goes back with the problems, so the form keeps it with or without JavaScript
  const typed = Object.fromEntries(
    [...form.entries()].filter(([k, v]) => k !== "csrf" && typeof v === "string"),
  ) as Record<string, string>;
  const parsed = parseForm(Create, form);
  if (!parsed.ok)
    return data({ errors: parsed.errors, form: "errors.check_form", typed } satisfies Refused, {
      status: 400,
    });
  const { startsOn, lastDay, price, ...rest } = parsed.data;
  const r = await attempt(() =>
    createTrial(id, { ...rest, startsAt: startsOn, endsAt: lastDay, priceFen: price }, account),
  );
  if (r.ok) return redirectWithFlash(request, `/compounds/${id}`, "trial.flash.created");
  const { form: whole, ...fields } = r.fields ?? {};
  const errors = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [FIELD_OF[k] ?? k, `errors.${v ?? "invalid"}`]),
  );
  return data({ errors, form: whole ?? `errors.${r.code}`, typed } satisfies Refused, {
    status: r.status,
  });
}

type Refused = FormProblem & { typed?: Record<string, string> };

export default function PropertyTrialPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { compound, trial, management, mayOpen } = loaderData;
  const problem = actionData as Refused | undefined;
  const typed = problem?.typed ?? {};
  const open = trial && (trial.status === "on_trial" || trial.status === "voting");
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/compounds/${compound.id}`}>
          {localName(lang, compound.name, compound.nameEn)}
        </Link>
      </nav>
      <h1>{t("trial.staff_title")}</h1>
      <ManagementLine
        management={management}
        community={localName(lang, compound.community.name, compound.community.nameEn)}
      />
      {trial && <TrialFiguresSection trial={trial} />}
      {trial && mayOpen && (
        <Form method="post" className="card stack">
          <h2>{t("trial.open_motion")}</h2>
          <CsrfInput />
          <FormError message={problem?.form} />
          <input type="hidden" name="intent" value="open_motion" />
          <input type="hidden" name="trialId" value={trial.id} />
          <p>{t("trial.open_motion_help")}</p>
          <Field
            name="votingLastDay"
            type="date"
            defaultValue={typed.votingLastDay}
            label={t("trial.form.voting_last_day")}
            error={problem?.errors.votingLastDay}
          />
          <button type="submit">{t("trial.open_motion")}</button>
        </Form>
      )}
      {trial?.motionId != null && (
        <p>
          <Link to={`/rounds/${trial.motionId}`}>{t("trial.motion_link")}</Link>
        </p>
      )}
      {!open && (
        <Form method="post" className="card stack">
          <h2>{t("trial.new_heading")}</h2>
          <CsrfInput />
          <FormError message={problem?.form} />
          <input type="hidden" name="intent" value="create" />
          <Field
            name="company"
            defaultValue={typed.company}
            label={t("trial.form.company")}
            error={problem?.errors.company}
          />
          <Field
            name="companyEn"
            defaultValue={typed.companyEn}
            label={t("trial.form.company_en")}
            optional
            error={problem?.errors.companyEn}
          />
          <Field
            name="startsOn"
            defaultValue={typed.startsOn}
            type="date"
            label={t("trial.form.starts_on")}
            error={problem?.errors.startsOn}
          />
          <Field
            name="lastDay"
            defaultValue={typed.lastDay}
            type="date"
            label={t("trial.form.last_day")}
            error={problem?.errors.lastDay}
          />
          <Field
            name="price"
            defaultValue={typed.price}
            inputMode="decimal"
            label={t("trial.form.price")}
            hint={t("trial.form.price_hint")}
            error={problem?.errors.price}
          />
          <Field
            name="termYears"
            defaultValue={typed.termYears}
            inputMode="numeric"
            label={t("trial.form.term_years")}
            error={problem?.errors.termYears}
          />
          <Field
            name="responseHours"
            defaultValue={typed.responseHours}
            inputMode="numeric"
            label={t("trial.form.response_hours")}
            error={problem?.errors.responseHours}
          />
          <Field
            name="repairHours"
            defaultValue={typed.repairHours}
            inputMode="numeric"
            label={t("trial.form.repair_hours")}
            error={problem?.errors.repairHours}
          />
          <button type="submit">{t("trial.form.submit")}</button>
        </Form>
      )}
    </>
  );
}
