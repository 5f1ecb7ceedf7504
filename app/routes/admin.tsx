import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { UTILITY_KINDS } from "~/domain/catalogue";
import { STAFF_POSITIONS } from "~/domain/repairs";
import { ROLES } from "~/domain/round-lifecycle";
import {
  addPanelMember,
  adminOverview,
  createPanel,
  createPlace,
  createStaffAccount,
  setAccountDisabled,
  type PlaceLevel,
} from "~/models/admin.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, formProblem, fromFailure, type FormProblem } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import type { Route } from "./+types/admin";

const LEVELS = ["district", "street", "community", "compound", "building", "unit"] as const;
const DISCIPLINES = ["design", "construction", "supervision", "audit", "utility"] as const;
const name = z.string().trim().min(1, "errors.required").max(60, "errors.too_long");
const optionalId = z.coerce
  .number()
  .int()
  .positive()
  .optional()
  .or(z.literal("").transform(() => undefined));
const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("account"),
    username: z
      .string()
      .trim()
      .min(3, "errors.username_short")
      .max(32, "errors.too_long")
      .regex(/^[A-Za-z0-9_.-]+$/, "errors.username_chars"),
    displayName: name,
    password: z.string().min(8, "errors.password_short").max(200, "errors.too_long"),
    role: z.enum(ROLES, { error: "errors.invalid" }),
    streetId: optionalId,
    communityId: optionalId,
    compoundId: optionalId,
    position: z.enum(STAFF_POSITIONS, { error: "errors.invalid" }).optional(),
  }),
  z.object({
    intent: z.literal("disable"),
    accountId: z.coerce.number().int().positive(),
    disabled: z.enum(["yes", "no"]),
  }),
  z.object({
    intent: z.literal("panel"),
    name,
    nameEn: name,
    discipline: z.enum(DISCIPLINES, { error: "errors.invalid" }),
    utilityKind: z
      .enum(UTILITY_KINDS)
      .optional()
      .or(z.literal("").transform(() => undefined)),
  }),
  z.object({
    intent: z.literal("member"),
    panelId: z.coerce.number().int().positive(),
    username: name,
  }),
  z.object({
    intent: z.literal("place"),
    level: z.enum(LEVELS, { error: "errors.invalid" }),
    parentId: z.coerce.number({ error: "errors.required" }).int().positive("errors.required"),
    name,
    nameEn: z.string().trim().max(60, "errors.too_long").optional(),
    address: z.string().trim().max(120, "errors.too_long").optional(),
    builtYear: z.coerce
      .number()
      .int()
      .min(1900)
      .max(2100)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    floors: z.coerce
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    safetyGrade: z.enum(["A", "B", "C", "D"]).optional(),
  }),
]);

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, "admin");
  const o = await adminOverview();
  const streets = o.districts.flatMap((d) =>
    d.streets.map((s) => ({ id: s.id, label: `${d.name} › ${s.name}` })),
  );
  const communities = o.districts.flatMap((d) =>
    d.streets.flatMap((s) =>
      s.communities.map((c) => ({ id: c.id, label: `${s.name} › ${c.name}` })),
    ),
  );
  const compounds = o.districts.flatMap((d) =>
    d.streets.flatMap((s) =>
      s.communities.flatMap((c) =>
        c.compounds.map((k) => ({ id: k.id, label: `${c.name} › ${k.name}` })),
      ),
    ),
  );
  const buildings = o.districts.flatMap((d) =>
    d.streets.flatMap((s) =>
      s.communities.flatMap((c) =>
        c.compounds.flatMap((k) =>
          k.buildings.map((b) => ({ id: b.id, label: `${k.name} › ${b.name}` })),
        ),
      ),
    ),
  );
  const cities = [...new Set(o.districts.map((d) => d.cityId))].map((id) => ({
    id,
    label: `#${id}`,
  }));
  const parents: Record<(typeof LEVELS)[number], { id: number; label: string }[]> = {
    district: cities.length ? cities : [{ id: 1, label: "#1" }],
    street: o.districts.map((d) => ({ id: d.id, label: d.name })),
    community: streets,
    compound: communities,
    building: compounds,
    unit: buildings,
  };
  return { accounts: o.accounts, panels: o.panels, streets, communities, compounds, parents };
}

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, "admin");
  const form = await readForm(request);
  const parsed = parseForm(Intent, form);
  const at = String(form.get("intent") ?? "");
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form", at });
  const i = parsed.data;
  const r = await attempt(async () => {
    switch (i.intent) {
      case "account":
        await createStaffAccount(
          {
            username: i.username,
            displayName: i.displayName,
            password: i.password,
            role: i.role,
            streetId: i.streetId ?? null,
            communityId: i.communityId ?? null,
            compoundId: i.compoundId ?? null,
            position: i.position ?? null,
          },
          account,
        );
        return "flash.account_created";
      case "disable":
        await setAccountDisabled(i.accountId, i.disabled === "yes", account);
        return "flash.account_updated";
      case "panel":
        await createPanel(
          {
            name: i.name,
            nameEn: i.nameEn,
            discipline: i.discipline,
            utilityKind: i.utilityKind ?? null,
          },
          account,
        );
        return "flash.panel_created";
      case "member":
        await addPanelMember(i.panelId, i.username, account);
        return "flash.member_added";
      case "place":
        await createPlace(
          i.level as PlaceLevel,
          i.parentId,
          {
            name: i.name,
            nameEn: i.nameEn || i.name,
            address: i.address,
            builtYear: i.builtYear,
            floors: i.floors,
            safetyGrade: i.safetyGrade,
          },
          account,
        );
        return "flash.place_created";
    }
  });
  if (r.ok) return redirectWithFlash(request, "/admin", r.value);
  // a place the role needs stands beside its field
  const field = PLACE_FIELD[r.code];
  return field
    ? formProblem({ errors: { [field]: `errors.${r.code}` }, form: "errors.check_form", at })
    : fromFailure(r, at);
}

const PLACE_FIELD: Record<string, string> = {
  street_required: "streetId",
  community_required: "communityId",
  compound_required: "compoundId",
};

export default function Admin({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const p = (at: string) => (problem?.at === at ? problem : undefined);
  const { accounts, panels, streets, communities, compounds, parents } = loaderData;
  const select = (
    id: string,
    nameAttr: string,
    label: string,
    options: { id: number | string; label: string }[],
    empty?: string,
    error?: string,
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={nameAttr}
        defaultValue=""
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {t(error)}
        </p>
      )}
    </div>
  );
  const accErr = p("account")?.errors;
  return (
    <>
      <h1>{t("admin.title")}</h1>

      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{t("admin.accounts")}</h2>
        <div className="table-wrap" tabIndex={0}>
          <table className="stack-narrow">
            <thead>
              <tr>
                <th scope="col">{t("sign_in.username")}</th>
                <th scope="col">{t("sign_in.who")}</th>
                <th scope="col">{t("sign_in.role")}</th>
                <th scope="col">{t("admin.place")}</th>
                <th scope="col">{t("admin.status")}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.username}</th>
                  <td data-label={t("sign_in.who")}>{a.displayName}</td>
                  <td data-label={t("sign_in.role")}>{t(`roles.${a.role}`)}</td>
                  <td data-label={t("admin.place")}>{a.place}</td>
                  <td data-label={t("admin.status")}>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="disable" />
                      <input type="hidden" name="accountId" value={a.id} />
                      <input type="hidden" name="disabled" value={a.disabled ? "no" : "yes"} />
                      {a.disabled ? t("admin.disabled") : t("admin.active")}{" "}
                      <button
                        type="submit"
                        className="secondary small-button"
                        disabled={busy}
                        aria-label={t(a.disabled ? "admin.enable_named" : "admin.disable_named", {
                          name: a.username,
                        })}
                      >
                        {t(a.disabled ? "admin.enable" : "admin.disable")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <FormError message={p("disable")?.form} />
        <Form method="post" className="card stack">
          <h3>{t("admin.new_account")}</h3>
          <CsrfInput />
          <input type="hidden" name="intent" value="account" />
          <FormError message={p("account")?.form} />
          <Field
            id="acc-username"
            name="username"
            label={t("sign_in.username")}
            error={p("account")?.errors.username}
          />
          <Field
            id="acc-name"
            name="displayName"
            label={t("join.display_name")}
            error={p("account")?.errors.displayName}
          />
          <Field
            id="acc-password"
            name="password"
            type="password"
            autoComplete="new-password"
            label={t("join.password")}
            error={p("account")?.errors.password}
          />
          {select(
            "acc-role",
            "role",
            t("sign_in.role"),
            ROLES.map((r) => ({ id: r, label: t(`roles.${r}`) })),
          )}
          {select(
            "acc-street",
            "streetId",
            t("admin.street_for_office"),
            streets,
            t("admin.none"),
            accErr?.streetId,
          )}
          {select(
            "acc-community",
            "communityId",
            t("admin.community_for_worker"),
            communities,
            t("admin.none"),
            accErr?.communityId,
          )}
          {select(
            "acc-compound",
            "compoundId",
            t("admin.compound_for_property"),
            compounds,
            t("admin.none"),
            accErr?.compoundId,
          )}
          {select(
            "acc-position",
            "position",
            t("admin.position_for_property"),
            STAFF_POSITIONS.map((x) => ({ id: x, label: t(`repairs.positions.${x}`) })),
            undefined,
            accErr?.position,
          )}
          <button type="submit" disabled={busy}>
            {t("admin.create")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="panels-heading">
        <h2 id="panels-heading">{t("admin.panels")}</h2>
        <ul>
          {panels.map((pn) => (
            <li key={pn.id}>
              <strong>{pn.name}</strong>（{t(`disciplines.${pn.discipline}`)}
              {pn.utilityKind && ` · ${t(`utility.${pn.utilityKind}`)}`}）：
              {pn.members.map((m) => m.displayName).join("、") || t("admin.no_members")}
            </li>
          ))}
        </ul>
        <Form method="post" className="card stack">
          <h3>{t("admin.new_panel")}</h3>
          <CsrfInput />
          <input type="hidden" name="intent" value="panel" />
          <FormError message={p("panel")?.form} />
          <Field
            id="panel-name"
            name="name"
            label={t("admin.name_zh")}
            error={p("panel")?.errors.name}
          />
          <Field
            id="panel-name-en"
            name="nameEn"
            label={t("admin.name_en")}
            error={p("panel")?.errors.nameEn}
          />
          {select(
            "panel-discipline",
            "discipline",
            t("admin.discipline"),
            DISCIPLINES.map((d) => ({ id: d, label: t(`disciplines.${d}`) })),
          )}
          {select(
            "panel-utility",
            "utilityKind",
            t("option.utility_kind"),
            UTILITY_KINDS.map((k) => ({ id: k, label: t(`utility.${k}`) })),
            t("admin.none"),
          )}
          <button type="submit" disabled={busy}>
            {t("admin.create")}
          </button>
        </Form>
        <Form method="post" className="card stack">
          <h3>{t("admin.add_member")}</h3>
          <CsrfInput />
          <input type="hidden" name="intent" value="member" />
          <FormError message={p("member")?.form} />
          {select(
            "member-panel",
            "panelId",
            t("admin.panel"),
            panels.map((pn) => ({ id: pn.id, label: pn.name })),
          )}
          <Field
            id="member-username"
            name="username"
            label={t("admin.expert_username")}
            error={p("member")?.errors.username}
          />
          <button type="submit" disabled={busy}>
            {t("admin.add")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="places-heading">
        <h2 id="places-heading">{t("admin.places")}</h2>
        <FormError message={p("place")?.form} />
        {LEVELS.map((level) => (
          <details key={level}>
            <summary>{t(`admin.add_${level}`)}</summary>
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="place" />
              <input type="hidden" name="level" value={level} />
              {select(`parent-${level}`, "parentId", t("admin.parent"), parents[level])}
              <Field id={`place-${level}-name`} name="name" label={t("admin.name_zh")} />
              <Field id={`place-${level}-en`} name="nameEn" label={t("admin.name_en")} optional />
              {level === "compound" && (
                <Field id="place-address" name="address" label={t("admin.address")} optional />
              )}
              {level === "compound" && (
                <Field
                  id="place-year"
                  name="builtYear"
                  type="number"
                  label={t("admin.built_year")}
                  optional
                />
              )}
              {level === "building" && (
                <Field
                  id="place-floors"
                  name="floors"
                  type="number"
                  label={t("compound.floors")}
                  optional
                />
              )}
              {level === "building" &&
                select(
                  "place-grade",
                  "safetyGrade",
                  t("compound.grade"),
                  ["A", "B", "C", "D"].map((g) => ({ id: g, label: g })),
                )}
              <button type="submit" disabled={busy}>
                {t("admin.create")}
              </button>
            </Form>
          </details>
        ))}
      </section>
    </>
  );
}
