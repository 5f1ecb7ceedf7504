import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useLocation, useNavigation } from "react-router";
import { z } from "zod";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { CsrfInput } from "~/components/csrf-input";
import { DEMO_PASSWORD, demoAccounts, signIn } from "~/models/account.server";
import { getCurrentAccount, safeRedirect } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { parseForm } from "~/utils/forms";
import { startSession } from "~/utils/session.server";
import type { Route } from "./+types/sign-in";

const SignInForm = z.object({
  username: z.string().trim().min(1, "errors.required").max(64, "errors.too_long"),
  password: z.string().min(1, "errors.required").max(200, "errors.too_long"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: Route.LoaderArgs) {
  if (await getCurrentAccount(request)) throw redirect("/me");
  const demo = process.env.DIANCAI_DEMO === "1";
  return {
    demoAccounts: demo ? await demoAccounts() : [],
    demoPassword: demo ? DEMO_PASSWORD : null,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(SignInForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, form: "", seconds: 0 }, { status: 400 });
  const result = await signIn(parsed.data.username, parsed.data.password, context?.ip ?? null);
  if (!result.ok) {
    if (result.error === "too_many_attempts")
      return data(
        { errors: {}, form: "errors.too_many_attempts", seconds: result.waitSeconds },
        { status: 429, headers: { "Retry-After": String(result.waitSeconds) } },
      );
    return data({ errors: {}, form: "errors.bad_credentials", seconds: 0 }, { status: 401 });
  }
  return startSession(request, result.accountId, safeRedirect(parsed.data.redirectTo, "/me"));
}

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const nav = useNavigation();
  const redirectTo = new URLSearchParams(useLocation().search).get("redirectTo") ?? "";
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <section className="narrow">
      <h1>{t("sign_in.title")}</h1>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormError message={actionData?.form} values={{ seconds: actionData?.seconds ?? 0 }} />
        <Field
          name="username"
          label={t("sign_in.username")}
          error={errors.username}
          autoComplete="username"
          required
        />
        <Field
          name="password"
          label={t("sign_in.password")}
          error={errors.password}
          type="password"
          autoComplete="current-password"
          required
        />
        <button type="submit" disabled={nav.state === "submitting"}>
          {nav.state === "submitting" ? t("common.working") : t("sign_in.submit")}
        </button>
      </Form>
      <p>
        {t("sign_in.new_resident")} <Link to="/join">{t("sign_in.join_link")}</Link>
      </p>
      {loaderData.demoAccounts.length > 0 && (
        <section aria-labelledby="demo-heading" className="demo">
          <h2 id="demo-heading">{t("sign_in.demo_title")}</h2>
          <p>{t("sign_in.demo_body", { password: loaderData.demoPassword })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("sign_in.username")}</th>
                <th scope="col">{t("sign_in.role")}</th>
                <th scope="col">{t("sign_in.who")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.demoAccounts.map((a) => (
                <tr key={a.username}>
                  <td>
                    <code>{a.username}</code>
                  </td>
                  <td>{t(`roles.${a.role}`)}</td>
                  <td>{a.displayName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
