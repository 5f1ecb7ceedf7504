import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { householdForEdit, issueCode, updateHousehold } from "~/models/roster.server";
import { issuePasswordReset, resettableMembers } from "~/models/password-reset.server";
import { checkOwnerInPerson, inPersonChoices } from "~/models/owner-claim.server";
import { PasswordResetSlip } from "~/components/password-reset-slip";
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
import { idParam } from "~/utils/params.server";
import { localName } from "~/utils/names";
import { areaField, floorField } from "~/utils/roster-form";
import { maskedIdTail } from "~/domain/owners";
import type { Route } from "./+types/household-edit";

const Edit = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    floor: floorField,
    area: areaField,
    ownerName: z.string().trim().min(1, "errors.required").max(40, "errors.too_long"),
    phone: z
      .string()
      .trim()
      .regex(/^(\+?[0-9-]{5,20})?$/, "errors.roster_phone")
      .transform((s) => s || null),
  }),
  z.object({ intent: z.literal("code") }),
  z.object({
    intent: z.literal("owner_check"),
    accountId: z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid"),
    ownerId: z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid"),
    idCardSeen: z.literal("on", { error: "errors.documents_not_seen" }),
    certificateSeen: z.literal("on", { error: "errors.documents_not_seen" }),
  }),
  z.object({
    intent: z.literal("reset"),
    accountId: z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid"),
  }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  const id = idParam(params, "householdId");
  return {
    household: await notFoundOnDomainError(() => householdForEdit(id, account)),
    members: await notFoundOnDomainError(() => resettableMembers(id, account)),
    inPerson: await notFoundOnDomainError(() => inPersonChoices(id, account)),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const id = idParam(params, "householdId");
  const form = await readForm(request);
  const parsed = parseForm(Edit, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const input = parsed.data;
  if (input.intent === "reset") {
    const r = await attempt(() =>
      issuePasswordReset({ householdId: id, accountId: input.accountId }, account),
    );
    return r.ok ? { issued: r.value } : fromFailure(r);
  }
  if (input.intent === "owner_check") {
    const r = await attempt(() =>
      checkOwnerInPerson(account, {
        householdId: id,
        accountId: input.accountId,
        ownerId: input.ownerId,
        idCardSeen: true,
        certificateSeen: true,
      }),
    );
    return r.ok
      ? redirectWithFlash(request, `/households/${id}/edit`, "flash.owner_checked")
      : fromFailure(r);
  }
  if (input.intent === "code") {
    const r = await attempt(() => issueCode(id, account));
    return r.ok
      ? redirectWithFlash(request, `/households/${id}/edit`, "flash.code_issued")
      : fromFailure(r);
  }
  const r = await attempt(() =>
    updateHousehold(
      id,
      { floor: input.floor, areaCenti: input.area, ownerName: input.ownerName, phone: input.phone },
      account,
    ),
  );
  return r.ok
    ? redirectWithFlash(request, `/households/${id}/edit`, "flash.household_saved")
    : fromFailure(r);
}

export default function HouseholdEdit({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const h = loaderData.household;
  const issued = actionData && "issued" in actionData ? actionData.issued : undefined;
  const problem = actionData && "issued" in actionData ? undefined : (actionData as FormProblem);
  const e = problem?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>{t("household_edit.title", { address: h.address })}</h1>
      {h.lockedBy && (
        <p className="notice" role="note">
          {t("household_edit.locked", {
            round: localName(i18n.language, h.lockedBy.title, h.lockedBy.titleEn),
          })}
        </p>
      )}
      <Form method="post" className="stack narrow">
        <CsrfInput />
        <input type="hidden" name="intent" value="save" />
        <FormError message={problem?.form} />
        <Field
          name="floor"
          type="number"
          label={t("roster.floor")}
          defaultValue={h.floor}
          error={e.floor}
        />
        <Field
          name="area"
          label={t("roster.area")}
          inputMode="decimal"
          defaultValue={h.area}
          error={e.area}
        />
        <Field
          name="ownerName"
          label={t("roster.owner")}
          defaultValue={h.ownerName}
          error={e.ownerName}
        />
        <Field
          name="phone"
          label={t("roster.phone")}
          defaultValue={h.phone ?? ""}
          optional
          error={e.phone}
        />
        <button type="submit" disabled={busy}>
          {t("household_edit.save")}
        </button>
      </Form>
      <Form method="post" className="card stack narrow">
        <h2>{t("household_edit.codes")}</h2>
        <p>{t("household_edit.codes_hint", { unused: h.unusedCodes, members: h.members })}</p>
        <CsrfInput />
        <input type="hidden" name="intent" value="code" />
        <button type="submit" disabled={busy}>
          {t("household_edit.issue_code")}
        </button>
      </Form>
      <InPersonCheck {...loaderData.inPerson} problem={problem} busy={busy} />
      <PasswordResetSlip members={loaderData.members} issued={issued} busy={busy} />
    </>
  );
}

/** The in-person check: the worker saw the owner's ID card and the flat's certificate. */
function InPersonCheck(props: {
  occupants: { id: number; username: string; displayName: string }[];
  owners: { id: number; name: string; idTail: string | null }[];
  problem?: FormProblem;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const e = props.problem?.errors ?? {};
  return (
    <section aria-labelledby="in-person-heading" className="card stack narrow">
      <h2 id="in-person-heading">{t("in_person.title")}</h2>
      <p>{t("in_person.intro")}</p>
      {props.occupants.length === 0 || props.owners.length === 0 ? (
        <p>{t("in_person.none")}</p>
      ) : (
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="owner_check" />
          <label>
            {t("in_person.member")}
            <select name="accountId">
              {props.occupants.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.displayName}（{a.username}）
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("in_person.owner")}
            <select name="ownerId">
              {props.owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} {maskedIdTail(o.idTail)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" name="idCardSeen" /> {t("in_person.id_seen")}
          </label>
          <label>
            <input type="checkbox" name="certificateSeen" /> {t("in_person.cert_seen")}
          </label>
          <FormError message={e.idCardSeen ?? e.certificateSeen} />
          <button type="submit" disabled={props.busy}>
            {t("in_person.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
