import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useLocation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { PhaseBadge } from "~/components/phase-badge";
import type { Phase } from "~/domain/round-lifecycle";
import { normaliseFactor } from "~/domain/owners";
import {
  changePassword,
  endAllSessions,
  residentHome,
  staffRounds,
  type CurrentAccount,
} from "~/models/account.server";
import { confirmOwnerCode, pendingOwnerClaims, startOwnerClaim } from "~/models/owner-claim.server";
import { returnedVersions } from "~/models/option.server";
import { requireAccount } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt } from "~/utils/errors.server";
import { parseForm } from "~/utils/forms";
import { LIMITS, rateLimited } from "~/utils/rate-limit.server";
import { stopSession } from "~/utils/session.server";
import { area, dateTime } from "~/lib/format";
import { ownerStepQuery } from "~/utils/owner-step";
import { sendOwnerCode } from "~/utils/transports.server";
import { localName } from "~/utils/names";
import { forbidden } from "~/utils/invariant";
import type { Route } from "./+types/me";

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireAccount(request);
  return {
    account: { displayName: account.displayName, role: account.role },
    households: account.role === "resident" ? await residentHome(account.id) : [],
    claims: account.role === "resident" ? await pendingOwnerClaims(account.id) : [],
    staff: account.role === "resident" ? null : await staffRounds(account),
    isAuditor: account.disciplines.includes("audit"),
    // a designer's first task: the options an auditor sent back
    returned: account.disciplines.includes("design") ? await returnedVersions() : [],
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign_out_everywhere") }),
  z.object({
    intent: z.literal("owner"),
    householdId: z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid"),
    factor: z.string().default(""),
  }),
  z.object({
    intent: z.literal("owner_code"),
    householdId: z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid"),
    code: z
      .string()
      .trim()
      .regex(/^[0-9]{6}$/, "errors.code_format"),
  }),
  z.object({
    intent: z.literal("change_password"),
    current: z.string().min(1, "errors.required").max(200, "errors.too_long"),
    next: z.string().min(8, "errors.password_short").max(200, "errors.too_long"),
  }),
]);

// Both end every session of the account, this one too: the person signs in again.
export async function action({ request, context }: Route.ActionArgs) {
  const account = await requireAccount(request);
  const form = await readForm(request);
  const parsed = parseForm(Intent, form);
  if (!parsed.ok)
    return data({ errors: parsed.errors, form: "errors.check_form" }, { status: 400 });
  if (parsed.data.intent === "owner" || parsed.data.intent === "owner_code")
    return ownerStep(account, parsed.data, context?.ip);
  if (parsed.data.intent === "sign_out_everywhere") {
    await endAllSessions(account.id, account.id, "sign_out_everywhere");
    return stopSession(request, "/sign-in", "flash.signed_out_everywhere");
  }
  const r = await changePassword(account.id, parsed.data.current, parsed.data.next);
  if (!r.ok) return data({ errors: { current: `errors.${r.error}` }, form: "" }, { status: 400 });
  return stopSession(request, "/sign-in", "flash.password_changed");
}

/**
 * An occupant's way to owner status: the ID's or certificate's last 4 name an owner of record and
 * send a code to that owner's phone from the register; the code makes the account the owner.
 * Both steps count against the flat's one counter of owner steps (shared with /join).
 */
async function ownerStep(
  account: CurrentAccount,
  input: { householdId: number } & ({ factor: string } | { code: string }),
  ip: string | null | undefined,
) {
  if (account.role !== "resident" || !account.householdIds.includes(input.householdId)) forbidden();
  const limited = await rateLimited([
    [LIMITS.bindPerAccount, account.id],
    [LIMITS.bindPerIp, ip],
    [LIMITS.ownerStepPerFlat, input.householdId],
  ]);
  if (limited) return limited;
  const field = "code" in input ? "code" : "factor";
  const refuse = (code: string, status: number) =>
    data({ errors: { [`${field}-${input.householdId}`]: `errors.${code}` }, form: "" }, { status });
  if ("code" in input) {
    const r = await attempt(() => confirmOwnerCode(account.id, input.householdId, input.code));
    return r.ok ? redirect("/me?owner=1") : refuse(r.code, r.status);
  }
  if (normaliseFactor(input.factor) === null) return refuse("factor_format", 400);
  const r = await attempt(() => startOwnerClaim(account.id, input.householdId, input.factor));
  if (!r.ok) return refuse(r.code, r.status);
  if (r.value) await sendOwnerCode(r.value.phone, r.value.secret, r.value.address, "zh-CN");
  return redirect(`/me?${ownerStepQuery(input.householdId, r.value).slice(1)}`);
}

export default function Me({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const search = new URLSearchParams(useLocation().search);
  const bound = search.get("bound") === "1";
  const becameOwner = search.get("owner") === "1";
  const { account, households, claims, staff, isAuditor, returned } = loaderData;
  const errors: Record<string, string> = actionData?.errors ?? {};
  const workLink =
    account.role === "street_office"
      ? "manage"
      : account.role === "community_worker"
        ? "work"
        : "cook";
  return (
    <>
      <h1>{t("me.title", { name: account.displayName })}</h1>
      <p>{t("me.role", { role: t(`roles.${account.role}`) })}</p>
      {bound && (
        <p role="status" className="notice">
          {t("me.bound")}
        </p>
      )}
      {becameOwner && (
        <p role="status" className="notice">
          {t("me.became_owner")}
        </p>
      )}
      {account.role === "resident" && (
        <section aria-labelledby="households-heading">
          <h2 id="households-heading">{t("me.households")}</h2>
          {households.length === 0 && <p>{t("me.no_household")}</p>}
          {households.map((h) => (
            <article key={h.householdId} className="card">
              <h3>
                <Link to={`/compounds/${h.compound.id}`}>
                  {localName(lang, h.compound.name, h.compound.nameEn)}
                </Link>{" "}
                {h.address}
              </h3>
              <p>{t("me.area", { area: area(h.areaCenti, lang) })}</p>
              <p>{t(`me.relation_${h.relation === "occupant" ? "occupant" : "owner"}`)}</p>
              {h.relation === "occupant" && (
                <OwnerStep
                  householdId={h.householdId}
                  claim={claims.find((c) => c.householdId === h.householdId)}
                  errors={errors}
                  inPerson={search.get("in_person") === String(h.householdId)}
                />
              )}
              {h.rounds.length === 0 ? (
                <p>{t("me.no_rounds")}</p>
              ) : (
                <ul>
                  {h.rounds.map((r) => (
                    <li key={r.id}>
                      <Link to={`/rounds/${r.id}`}>{localName(lang, r.title, r.titleEn)}</Link>{" "}
                      <PhaseBadge phase={r.phase as Phase} /> — {t(`asked_now.${r.phase}`)}
                    </li>
                  ))}
                </ul>
              )}
            </article>
          ))}
          <p>
            <Link to="/join">{t("me.bind_another")}</Link>
          </p>
        </section>
      )}
      {staff && (
        <section aria-labelledby="work-heading">
          <h2 id="work-heading">{t("me.work")}</h2>
          <ul className="actions">
            {account.role === "street_office" && (
              <li>
                <Link className="button" to="/rounds/new">
                  {t("new_round.title")}
                </Link>
              </li>
            )}
            {account.role === "street_office" && (
              <li>
                <Link className="button" to="/rounds/new-matter?kind=motion">
                  {t("matter.new_motion")}
                </Link>
              </li>
            )}
            {account.role === "street_office" && (
              <li>
                <Link className="button" to="/rounds/new-matter?kind=election">
                  {t("matter.new_election")}
                </Link>
              </li>
            )}
            {isAuditor && (
              <li>
                <Link className="button" to="/reviews">
                  {t("reviews.title")}
                </Link>
              </li>
            )}
            {account.role === "admin" && (
              <li>
                <Link className="button" to="/admin">
                  {t("admin.title")}
                </Link>
              </li>
            )}
            {staff.compounds.map((c) => (
              <li key={c.id}>
                <Link className="button" to={`/compounds/${c.id}/households`}>
                  {t("me.roster", { compound: localName(lang, c.name, c.nameEn) })}
                </Link>
              </li>
            ))}
          </ul>
          {returned.length > 0 && (
            <section aria-labelledby="returned-heading">
              <h3 id="returned-heading">{t("me.returned", { count: returned.length })}</h3>
              <ul className="cards">
                {returned.map((v) => (
                  <li key={v.versionId} className="card">
                    <h4>
                      {localName(lang, v.round.title, v.round.titleEn)} ·{" "}
                      {t("me.returned_option", {
                        code: v.code,
                        version: v.version,
                        title: v.title,
                      })}
                    </h4>
                    <p>{t("revise.returned_because", { reasons: v.reasons })}</p>
                    <Link
                      className="button"
                      to={`/rounds/${v.roundId}/options/${v.optionId}/revise`}
                      aria-label={t("me.revise_named", { code: v.code })}
                    >
                      {t("me.revise")}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {staff.rounds.length === 0 ? (
            <p>{t("me.no_work")}</p>
          ) : (
            <ul>
              {staff.rounds.map((r) => (
                <li key={r.id}>
                  {localName(lang, r.compound.name, r.compound.nameEn)} ·{" "}
                  <Link to={`/rounds/${r.id}/${workLink}`}>
                    {localName(lang, r.title, r.titleEn)}
                  </Link>{" "}
                  <PhaseBadge phase={r.phase as Phase} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="sessions-heading" className="card stack">
        <h2 id="sessions-heading">{t("me.sessions_title")}</h2>
        <p>{t("me.sessions_body")}</p>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="sign_out_everywhere" />
          <button type="submit">{t("me.sign_out_everywhere")}</button>
        </Form>
      </section>
      <section aria-labelledby="password-heading" className="card">
        <h2 id="password-heading">{t("me.password_title")}</h2>
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="change_password" />
          <FormError message={actionData?.form} />
          <Field
            name="current"
            label={t("me.current_password")}
            error={errors.current}
            type="password"
            autoComplete="current-password"
            required
          />
          <Field
            name="next"
            label={t("me.new_password")}
            hint={t("join.password_hint")}
            error={errors.next}
            type="password"
            autoComplete="new-password"
            required
          />
          <button type="submit">{t("me.change_password")}</button>
        </Form>
      </section>
    </>
  );
}

/**
 * An occupant's way to owner status on /me: the code sent to the owner's phone when one is on its
 * way; the first step (the ID's or certificate's last 4) to send one; and the in-person way.
 */
function OwnerStep(props: {
  householdId: number;
  claim?: { masked: string; expires: Date };
  errors: Record<string, string>;
  inPerson: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { householdId, claim, errors } = props;
  return (
    <section aria-labelledby={`owner-step-${householdId}`} className="stack">
      <h4 id={`owner-step-${householdId}`}>{t("owner_step.title")}</h4>
      {claim && (
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="owner_code" />
          <input type="hidden" name="householdId" value={householdId} />
          <p>
            {t("owner_step.code_sent", {
              phone: claim.masked,
              until: dateTime(claim.expires, i18n.language),
            })}
          </p>
          <Field
            name="code"
            id={`code-${householdId}`}
            label={t("owner_step.code")}
            error={errors[`code-${householdId}`]}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={6}
            required
          />
          <button type="submit">{t("owner_step.confirm")}</button>
        </Form>
      )}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="owner" />
        <input type="hidden" name="householdId" value={householdId} />
        <p>{t("owner_step.first_step")}</p>
        <Field
          name="factor"
          id={`factor-${householdId}`}
          label={t("join.factor")}
          hint={t("join.factor_hint")}
          error={errors[`factor-${householdId}`]}
          autoComplete="off"
          maxLength={8}
          required
        />
        <button type="submit">{t(claim ? "owner_step.send_again" : "me.become_owner")}</button>
      </Form>
      <p role={props.inPerson ? "status" : undefined}>
        {t(props.inPerson ? "owner_step.no_phone" : "owner_step.in_person")}
      </p>
    </section>
  );
}
