import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { MANAGEMENT_MODES, REPAIR_CATEGORIES, URGENCIES } from "~/domain/repairs";
import { serviceSettings, setService, type ServiceInput } from "~/models/repair-service.server";
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
import { parseForm } from "~/utils/forms";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/repairs-settings";

// The street office sets who serves a compound (property company or community fallback), its
// service hours and the promised answer and fix times per category and urgency, in hours.
const Service = z.object({
  mode: z.enum(MANAGEMENT_MODES, { error: "errors.invalid" }),
  providerName: z.string().trim().min(1, "errors.required").max(60, "errors.too_long"),
  providerEn: z
    .string()
    .trim()
    .max(80, "errors.too_long")
    .optional()
    .transform((v) => v || null),
  serviceHours: z.string().trim().min(1, "errors.required").max(60, "errors.too_long"),
});
const Minutes = z.coerce
  .number()
  .positive()
  .max(60 * 24);

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "compoundId");
  return notFoundOnDomainError(() => serviceSettings(id, account));
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "compoundId");
  const form = await readForm(request);
  const parsed = parseForm(Service, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const promises: ServiceInput["promises"] = [];
  for (const category of REPAIR_CATEGORIES)
    for (const urgency of URGENCIES) {
      const a = Minutes.safeParse(form.get(`answer_${category}_${urgency}`));
      const f = Minutes.safeParse(form.get(`fix_${category}_${urgency}`));
      if (!a.success || !f.success)
        return formProblem({ errors: {}, form: "errors.promise_range" });
      // hours on the form, whole minutes in the database
      promises.push({
        category,
        urgency,
        answerMinutes: Math.round(a.data * 60),
        fixMinutes: Math.round(f.data * 60),
      });
    }
  const r = await attempt(() => setService(id, { ...parsed.data, promises }, account));
  return r.ok
    ? redirectWithFlash(request, `/compounds/${id}/repair-service`, "repairs.flash.settings")
    : fromFailure(r);
}

export default function RepairSettings({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { compound, service, promises } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const hours = (m: number) => String(Math.round((m / 60) * 100) / 100);
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/compounds/${compound.id}`}>
          {localName(lang, compound.name, compound.nameEn)}
        </Link>{" "}
        › <Link to={`/compounds/${compound.id}/repairs`}>{t("repairs.desk.queue")}</Link>
      </nav>
      <h1>{t("repairs.settings.title")}</h1>
      <Form method="post" className="card stack">
        <CsrfInput />
        <FormError message={problem?.form} />
        <fieldset>
          <legend>{t("repairs.settings.mode")}</legend>
          {MANAGEMENT_MODES.map((m) => (
            <div className="check" key={m}>
              <input
                type="radio"
                id={`mode-${m}`}
                name="mode"
                value={m}
                defaultChecked={(service?.mode ?? "community") === m}
              />
              <label htmlFor={`mode-${m}`}>{t(`repairs.modes.${m}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field
          name="providerName"
          label={t("repairs.settings.provider")}
          defaultValue={service?.providerName ?? ""}
          error={problem?.errors.providerName}
        />
        <Field
          name="providerEn"
          label={t("repairs.settings.provider_en")}
          optional
          defaultValue={service?.providerEn ?? ""}
          error={problem?.errors.providerEn}
        />
        <Field
          name="serviceHours"
          label={t("repairs.settings.hours")}
          defaultValue={service?.serviceHours ?? ""}
          error={problem?.errors.serviceHours}
        />
        <div className="table-wrap" tabIndex={0}>
          <table className="stack-narrow">
            <caption>{t("repairs.settings.promises")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("repairs.form.category")}</th>
                <th scope="col">{t("repairs.form.urgency")}</th>
                <th scope="col">{t("repairs.settings.answer_hours")}</th>
                <th scope="col">{t("repairs.settings.fix_hours")}</th>
              </tr>
            </thead>
            <tbody>
              {promises.map((p) => {
                const key = `${p.category}_${p.urgency}`;
                const label = `${t(`repairs.categories.${p.category}`)} ${t(`repairs.urgencies.${p.urgency}`)}`;
                return (
                  <tr key={key}>
                    <th scope="row">{t(`repairs.categories.${p.category}`)}</th>
                    <td data-label={t("repairs.form.urgency")}>
                      {t(`repairs.urgencies.${p.urgency}`)}
                    </td>
                    <td data-label={t("repairs.settings.answer_hours")}>
                      <input
                        name={`answer_${key}`}
                        aria-label={`${label} ${t("repairs.settings.answer_hours")}`}
                        inputMode="decimal"
                        defaultValue={hours(p.answerMinutes)}
                        size={5}
                      />
                    </td>
                    <td data-label={t("repairs.settings.fix_hours")}>
                      <input
                        name={`fix_${key}`}
                        aria-label={`${label} ${t("repairs.settings.fix_hours")}`}
                        inputMode="decimal"
                        defaultValue={hours(p.fixMinutes)}
                        size={5}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button type="submit" disabled={busy}>
          {t("repairs.settings.save")}
        </button>
      </Form>
    </>
  );
}
