import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { RosterCorrections } from "~/components/roster-corrections";
import { requireRoundStaff } from "~/models/quorum.server";
import { correctRosterEntry, REASON_MAX, snapshotView } from "~/models/round-roster.server";
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
import { area } from "~/lib/format";
import { parseForm } from "~/utils/forms";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import { areaField, floorField } from "~/utils/roster-form";
import type { Route } from "./+types/snapshot";

// The households a round counts, frozen when TASTING opened, and the street office's act of
// correcting one entry with a reason (listed on the public notice).
const Correction = z.object({
  householdId: z.coerce.number().int().positive("errors.invalid"),
  floor: floorField,
  area: areaField,
  reason: z
    .string()
    .trim()
    .min(1, "errors.correction_reason_required")
    .max(REASON_MAX, "errors.too_long"),
});

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office", "community_worker");
  const id = idParam(params, "roundId");
  await notFoundOnDomainError(() => requireRoundStaff(id, account));
  const unit = Number(new URL(request.url).searchParams.get("unit"));
  return {
    view: await snapshotView(id, Number.isInteger(unit) && unit > 0 ? unit : null),
    canCorrect: account.role === "street_office",
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "roundId");
  const form = await readForm(request);
  const parsed = parseForm(Correction, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const { householdId, floor, area: areaCenti, reason } = parsed.data;
  const r = await attempt(() =>
    correctRosterEntry({ roundId: id, householdId, floor, areaCenti, reason }, account),
  );
  const unit = String(form.get("unit") ?? "");
  return r.ok
    ? redirectWithFlash(request, `/rounds/${id}/snapshot?unit=${unit}`, "flash.roster_corrected")
    : fromFailure(r);
}

export default function Snapshot({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { view, canCorrect } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const e = problem?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const open = canCorrect && view.round.phase === "TASTING";
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${view.round.id}`}>
          {localName(lang, view.round.title, view.round.titleEn)}
        </Link>
      </nav>
      <h1>{t("snapshot.title")}</h1>
      <p>{t("snapshot.intro")}</p>
      {view.units.length > 0 && (
        <Form method="get" className="inline-form">
          <label htmlFor="unit">{t("doors.unit")}</label>
          <select id="unit" name="unit" defaultValue={view.unitId ?? undefined}>
            {view.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <button type="submit">{t("snapshot.show")}</button>
        </Form>
      )}
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{t("snapshot.entries")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("doors.address")}</th>
              <th scope="col">{t("roster.floor")}</th>
              <th scope="col" className="num">
                {t("roster.area")}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.entries.map((h) => (
              <tr key={h.householdId}>
                <th scope="row">{h.address}</th>
                <td>{h.floor}</td>
                <td className="num">{area(h.areaCenti, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && view.entries.length > 0 && (
        <Form method="post" className="card stack narrow">
          <h2>{t("snapshot.correct")}</h2>
          <CsrfInput />
          <input type="hidden" name="unit" value={view.unitId ?? ""} />
          <FormError message={problem?.form} />
          <div className="field">
            <label htmlFor="householdId">{t("doors.address")}</label>
            <select id="householdId" name="householdId">
              {view.entries.map((h) => (
                <option key={h.householdId} value={h.householdId}>
                  {h.address}
                </option>
              ))}
            </select>
          </div>
          <Field name="floor" type="number" label={t("roster.floor")} error={e.floor} />
          <Field name="area" label={t("roster.area")} inputMode="decimal" error={e.area} />
          <Field name="reason" label={t("snapshot.reason")} error={e.reason} />
          <button type="submit" disabled={busy}>
            {t("snapshot.submit")}
          </button>
        </Form>
      )}
      <h2>{t("snapshot.corrections")}</h2>
      <RosterCorrections corrections={view.corrections} empty="snapshot.none" />
    </>
  );
}
