import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, redirect, useLocation, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { normaliseFactor } from "~/domain/owners";
import { bindHouseholdCode, householdOfCode, joinWithCode } from "~/models/household-code.server";
import { sendOwnerCode } from "~/utils/transports.server";
import { ownerStepQuery } from "~/utils/owner-step";
import { getCurrentAccount } from "~/utils/auth.server";
import { newPassword, refuse, requiredText, username } from "~/utils/conform";
import { readForm } from "~/utils/csrf.server";
import { attempt } from "~/utils/errors.server";
import { LIMITS, rateLimited } from "~/utils/rate-limit.server";
import { startSession } from "~/utils/session.server";
import { forbidden } from "~/utils/invariant";
import type { Route } from "./+types/join";

// The household letter's QR code links here with ?code=…; a newcomer makes an account and binds
// it in one step, a signed-in resident binds one more household.
const code = requiredText(32);
// the second factor: empty binds an occupant; 4 characters the roster holds bind an owner
const factor = z
  .string()
  .optional()
  .refine((s) => !s?.trim() || normaliseFactor(s) !== null, "errors.factor_format");
const BindForm = z.object({ code, factor });
const JoinForm = z.object({
  code,
  factor,
  username,
  displayName: requiredText(40),
  password: newPassword,
});

// which field a refusal from the model belongs beside
const FIELD_OF: Record<string, string> = {
  code_unknown: "code",
  code_used: "code",
  already_member: "code",
  factor_mismatch: "factor",
  username_taken: "username",
};

export async function loader({ request }: Route.LoaderArgs) {
  const account = await getCurrentAccount(request);
  if (account && account.role !== "resident") forbidden();
  return { signedIn: !!account };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const account = await getCurrentAccount(request);
  // a factor counts against its flat's one counter of owner steps (shared with /me)
  const tried = String(form.get("factor") ?? "").trim() ? String(form.get("code") ?? "") : null;
  const limited = await rateLimited([
    [LIMITS.bindPerAccount, account?.id],
    [LIMITS.bindPerIp, context?.ip],
    [LIMITS.ownerStepPerFlat, tried && (await householdOfCode(tried))],
  ]);
  if (limited) return limited;
  if (account && account.role !== "resident") forbidden();
  const submission = parseWithZod(form, { schema: account ? BindForm : JoinForm });
  if (submission.status !== "success") return refuse(submission, 400);
  const v = submission.value;
  const r = await attempt(async () =>
    account
      ? { accountId: account.id, ...(await bindHouseholdCode(account.id, v.code, v.factor)) }
      : await joinWithCode(v as z.output<typeof JoinForm>).then((j) => ({
          accountId: j.account.id,
          ...j,
        })),
  );
  if (!r.ok) {
    const field = FIELD_OF[r.code];
    const message = [`errors.${r.code}`];
    return refuse(
      submission,
      r.status,
      field ? { fieldErrors: { [field]: message } } : { formErrors: message },
    );
  }
  // the owner's next step: the code on its way to the register's phone, or the in-person check
  const { claim, membership } = r.value;
  if (claim) await sendOwnerCode(claim.phone, claim.secret, claim.address, "zh-CN");
  const next = `/me?bound=1${ownerStepQuery(membership.householdId, claim)}`;
  if (account) return redirect(next);
  return startSession(request, r.value.accountId, next);
}

export default function Join({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const nav = useNavigation();
  const initialCode = new URLSearchParams(useLocation().search).get("code") ?? "";
  const { signedIn } = loaderData;
  const [form, fields] = useForm<z.input<typeof JoinForm>>({
    id: "join",
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: { code: initialCode },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) =>
      // a signed-in resident's form has the code only; its fields are JoinForm's first one
      parseWithZod(formData, { schema: (signedIn ? BindForm : JoinForm) as typeof JoinForm }),
  });
  return (
    <section className="narrow">
      <h1>{t(signedIn ? "join.bind_title" : "join.title")}</h1>
      <p>{t("join.intro")}</p>
      <section aria-labelledby="owner-or-occupant" className="card">
        <h2 id="owner-or-occupant">{t("join.who_title")}</h2>
        <p>{t("join.who_owner")}</p>
        <p>{t("join.who_occupant")}</p>
      </section>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError
          message={
            form.errors?.[0] ??
            (actionData && "form" in actionData ? (actionData.form as string) : undefined)
          }
        />
        <Field
          meta={fields.code}
          label={t("join.code")}
          hint={t("join.code_hint")}
          autoComplete="off"
          autoCapitalize="characters"
        />
        <Field
          meta={fields.factor}
          label={t("join.factor")}
          hint={t("join.factor_hint")}
          optional
          autoComplete="off"
          inputMode="text"
          maxLength={8}
        />
        {!signedIn && (
          <>
            <Field
              meta={fields.username}
              label={t("join.username")}
              hint={t("join.username_hint")}
              autoComplete="username"
            />
            <Field
              meta={fields.displayName}
              label={t("join.display_name")}
              hint={t("join.display_name_hint")}
              autoComplete="nickname"
            />
            <Field
              meta={fields.password}
              label={t("join.password")}
              hint={t("join.password_hint")}
              type="password"
              autoComplete="new-password"
            />
          </>
        )}
        <button type="submit" disabled={nav.state === "submitting"}>
          {nav.state === "submitting"
            ? t("common.working")
            : t(signedIn ? "join.bind_submit" : "join.submit")}
        </button>
      </Form>
    </section>
  );
}
