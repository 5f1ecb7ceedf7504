import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { STAFF_POSITIONS } from "~/domain/repairs";
import { createPropertyStaff, propertyStaffList } from "~/models/repair-service.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, formProblem, fromFailure, type FormProblem } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { localName } from "~/utils/names";
import type { Route } from "./+types/repairs-staff";

// The administration creates property service accounts — desk clerks and technicians — each
// posted at one compound (the same account rules as the admin page's staff accounts).
const Staff = z.object({
  username: z
    .string()
    .trim()
    .min(3, "errors.username_short")
    .max(32, "errors.too_long")
    .regex(/^[A-Za-z0-9_.-]+$/, "errors.username_chars"),
  displayName: z.string().trim().min(1, "errors.required").max(60, "errors.too_long"),
  password: z.string().min(8, "errors.password_short").max(200, "errors.too_long"),
  compoundId: z.coerce.number({ error: "errors.required" }).int().positive("errors.required"),
  position: z.enum(STAFF_POSITIONS, { error: "errors.invalid" }),
});

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, "admin");
  return propertyStaffList();
}

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, "admin");
  const form = await readForm(request);
  const parsed = parseForm(Staff, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const r = await attempt(() => createPropertyStaff(parsed.data, account));
  return r.ok
    ? redirectWithFlash(request, "/repairs/staff", "repairs.flash.staff")
    : fromFailure(r);
}

export default function RepairStaff({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { staff, compounds } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>{t("repairs.staff.title")}</h1>
      <Form method="post" className="card stack">
        <h2>{t("repairs.staff.create")}</h2>
        <CsrfInput />
        <FormError message={problem?.form} />
        <Field
          name="username"
          label={t("repairs.staff.username")}
          error={problem?.errors.username}
        />
        <Field
          name="displayName"
          label={t("repairs.staff.display_name")}
          error={problem?.errors.displayName}
        />
        <Field
          name="password"
          type="password"
          autoComplete="new-password"
          label={t("repairs.staff.password")}
          error={problem?.errors.password}
        />
        <div className="field">
          <label htmlFor="compoundId">{t("repairs.staff.compound")}</label>
          <select id="compoundId" name="compoundId" defaultValue="">
            <option value="">{t("repairs.form.choose")}</option>
            {compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {localName(lang, c.name, c.nameEn)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="position">{t("repairs.staff.position")}</label>
          <select id="position" name="position">
            {STAFF_POSITIONS.map((p) => (
              <option key={p} value={p}>
                {t(`repairs.positions.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          {t("repairs.staff.submit")}
        </button>
      </Form>
      <div className="table-wrap" tabIndex={0}>
        <table className="stack-narrow">
          <caption>{t("repairs.staff.list")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("repairs.staff.display_name")}</th>
              <th scope="col">{t("repairs.staff.compound")}</th>
              <th scope="col">{t("repairs.staff.username")}</th>
              <th scope="col">{t("repairs.staff.position")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.account.displayName}</th>
                <td data-label={t("repairs.staff.compound")}>
                  {localName(lang, s.compound.name, s.compound.nameEn)}
                </td>
                <td data-label={t("repairs.staff.username")}>{s.account.username}</td>
                <td data-label={t("repairs.staff.position")}>
                  {t(`repairs.positions.${s.position}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
