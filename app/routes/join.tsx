import { useTranslation } from "react-i18next";
import { data, Form, redirect, useLocation, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { bindHouseholdCode, joinWithCode } from "~/models/household-code.server";
import { getCurrentAccount } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, fromFailure } from "~/utils/errors.server";
import { parseForm } from "~/utils/forms";
import { LIMITS, rateLimited } from "~/utils/rate-limit.server";
import { startSession } from "~/utils/session.server";
import type { Route } from "./+types/join";

// The household letter's QR code links here with ?code=…; a newcomer makes an account and binds
// it in one step, a signed-in resident binds one more household.
const code = z.string().trim().min(1, "errors.required").max(32, "errors.too_long");
const BindForm = z.object({ code });
const JoinForm = z.object({
  code,
  username: z
    .string()
    .trim()
    .min(3, "errors.username_short")
    .max(32, "errors.too_long")
    .regex(/^[A-Za-z0-9_.-]+$/, "errors.username_chars"),
  displayName: z.string().trim().min(1, "errors.required").max(40, "errors.too_long"),
  password: z.string().min(8, "errors.password_short").max(200, "errors.too_long"),
});

export async function loader({ request }: Route.LoaderArgs) {
  const account = await getCurrentAccount(request);
  if (account && account.role !== "resident") throw new Response("forbidden", { status: 403 });
  return { signedIn: !!account };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const account = await getCurrentAccount(request);
  const limited = rateLimited([
    [LIMITS.bindPerAccount, account?.id],
    [LIMITS.bindPerIp, context?.ip],
  ]);
  if (limited) return limited;
  if (account) {
    if (account.role !== "resident") throw new Response("forbidden", { status: 403 });
    const parsed = parseForm(BindForm, form);
    if (!parsed.ok) return data({ errors: parsed.errors, form: "" }, { status: 400 });
    const r = await attempt(() => bindHouseholdCode(account.id, parsed.data.code));
    return r.ok ? redirect("/me?bound=1") : fromFailure(r);
  }
  const parsed = parseForm(JoinForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, form: "" }, { status: 400 });
  const r = await attempt(() => joinWithCode(parsed.data));
  if (!r.ok) return fromFailure(r);
  return startSession(request, r.value.id, "/me?bound=1");
}

export default function Join({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const nav = useNavigation();
  const initialCode = new URLSearchParams(useLocation().search).get("code") ?? "";
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <section className="narrow">
      <h1>{t(loaderData.signedIn ? "join.bind_title" : "join.title")}</h1>
      <p>{t("join.intro")}</p>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <FormError message={actionData?.form} />
        <Field
          name="code"
          label={t("join.code")}
          hint={t("join.code_hint")}
          error={errors.code}
          defaultValue={initialCode}
          autoComplete="off"
          autoCapitalize="characters"
          required
        />
        {!loaderData.signedIn && (
          <>
            <Field
              name="username"
              label={t("join.username")}
              hint={t("join.username_hint")}
              error={errors.username}
              autoComplete="username"
              required
            />
            <Field
              name="displayName"
              label={t("join.display_name")}
              error={errors.displayName}
              autoComplete="nickname"
              required
            />
            <Field
              name="password"
              label={t("join.password")}
              hint={t("join.password_hint")}
              error={errors.password}
              type="password"
              autoComplete="new-password"
              required
            />
          </>
        )}
        <button type="submit" disabled={nav.state === "submitting"}>
          {nav.state === "submitting"
            ? t("common.working")
            : t(loaderData.signedIn ? "join.bind_submit" : "join.submit")}
        </button>
      </Form>
    </section>
  );
}
