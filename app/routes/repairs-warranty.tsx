import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { WARRANTY_KINDS } from "~/domain/repairs";
import { setWarranties, warrantyView } from "~/models/repair-service.server";
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
import { day } from "~/lib/format";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/repairs-warranty";

// At completion acceptance the street office records which works of the round carry a
// warranty, and the contractor who answers for them; each period runs from the acceptance.
const Warranty = z.object({
  contractor: z.string().trim().min(1, "errors.required").max(80, "errors.too_long"),
});
const Kinds = z.array(z.enum(WARRANTY_KINDS)).min(1);
// the contractor's construction panel, when the contractor has accounts: they answer the claims
const PanelId = z
  .union([z.literal(""), z.coerce.number().int().positive()])
  .transform((v) => (v === "" ? null : v));

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "roundId");
  return notFoundOnDomainError(() => warrantyView(id, account));
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "roundId");
  const form = await readForm(request);
  const c = Warranty.safeParse({ contractor: form.get("contractor") ?? "" });
  const k = Kinds.safeParse(form.getAll("kinds"));
  const p = PanelId.safeParse(form.get("contractorPanelId") ?? "");
  if (!c.success)
    return formProblem({ errors: { contractor: "errors.required" }, form: "errors.check_form" });
  if (!p.success)
    return formProblem({
      errors: { contractorPanelId: "errors.warranty_contractor_invalid" },
      form: "errors.check_form",
    });
  if (!k.success) return formProblem({ errors: {}, form: "errors.warranty_kinds_required" });
  const r = await attempt(() =>
    setWarranties(
      id,
      { kinds: k.data, contractor: c.data.contractor, contractorPanelId: p.data },
      account,
    ),
  );
  if (!r.ok && r.code === "warranty_contractor_invalid")
    return formProblem({
      errors: { contractorPanelId: "errors.warranty_contractor_invalid" },
      form: "errors.check_form",
    });
  return r.ok
    ? redirectWithFlash(request, `/rounds/${id}/warranty`, "repairs.flash.warranty")
    : fromFailure(r);
}

export default function RepairWarranty({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { round, accepted, kinds, contractors } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const panelError = problem?.errors.contractorPanelId;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${round.id}`}>{localName(lang, round.title, round.titleEn)}</Link>
      </nav>
      <h1>{t("repairs.warranty.title")}</h1>
      {!accepted ? (
        <p>{t("repairs.warranty.not_accepted")}</p>
      ) : (
        <Form method="post" className="card stack">
          <p className="hint">{t("repairs.warranty.hint", { date: day(accepted, lang) })}</p>
          <CsrfInput />
          <FormError message={problem?.form} />
          <fieldset>
            <legend>{t("repairs.warranty.kinds")}</legend>
            {kinds.map((k) => (
              <div className="check" key={k.kind}>
                <input
                  type="checkbox"
                  id={`kind-${k.kind}`}
                  name="kinds"
                  value={k.kind}
                  defaultChecked={!!k.set}
                  disabled={!!k.set}
                />
                <label htmlFor={`kind-${k.kind}`}>
                  {t(`repairs.warranty_kinds.${k.kind}`)} —{" "}
                  {k.set
                    ? t("repairs.warranty.until", {
                        date: day(k.set.endsAt, lang),
                        contractor: k.set.contractor,
                      })
                    : t("repairs.warranty.would_end", { date: day(k.endsAt!, lang) })}
                </label>
              </div>
            ))}
          </fieldset>
          <Field
            name="contractor"
            label={t("repairs.warranty.contractor")}
            error={problem?.errors.contractor}
          />
          <div className="field">
            <label htmlFor="contractorPanelId">{t("repairs.warranty.contractor_panel")}</label>
            <p id="contractorPanelId-hint" className="hint">
              {t("repairs.warranty.contractor_panel_hint")}
            </p>
            <select
              id="contractorPanelId"
              name="contractorPanelId"
              defaultValue=""
              aria-describedby={
                panelError
                  ? "contractorPanelId-hint contractorPanelId-error"
                  : "contractorPanelId-hint"
              }
              aria-invalid={panelError ? true : undefined}
            >
              <option value="">{t("repairs.warranty.no_panel")}</option>
              {contractors.map((c) => (
                <option key={c.id} value={c.id}>
                  {localName(lang, c.name, c.nameEn)}
                </option>
              ))}
            </select>
            {panelError && (
              <p id="contractorPanelId-error" className="field-error">
                {t(panelError)}
              </p>
            )}
          </div>
          <button type="submit" disabled={busy}>
            {t("repairs.warranty.submit")}
          </button>
        </Form>
      )}
    </>
  );
}
