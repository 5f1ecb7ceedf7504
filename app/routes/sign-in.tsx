import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useLocation, useNavigation } from "react-router";
import { z } from "zod";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { CsrfInput } from "~/components/csrf-input";
import { DEMO_PASSWORD, demoAccounts, signIn } from "~/models/account.server";
import { getCurrentAccount, safeRedirect } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { refuse, requiredText } from "~/utils/conform";
import { startSession } from "~/utils/session.server";
import { normaliseUsername } from "~/domain/username";
import { homeOf } from "~/domain/home";
import type { Route } from "./+types/sign-in";

// the name is normalised as at registration, so ｗａｎｇ and a phone number with spaces sign in
const SignInForm = z.object({
  username: requiredText(64).transform(normaliseUsername),
  password: z.string({ error: "errors.required" }).max(200, "errors.too_long"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: Route.LoaderArgs) {
  const account = await getCurrentAccount(request);
  if (account) throw redirect(homeOf(account.role));
  const demo = process.env.DIANCAI_DEMO === "1";
  return {
    demoAccounts: demo ? await demoAccounts() : [],
    demoPassword: demo ? DEMO_PASSWORD : null,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: SignInForm });
  if (submission.status !== "success") return refuse(submission, 400);
  const { username, password, redirectTo } = submission.value;
  const result = await signIn(username, password, context?.ip ?? null);
  if (!result.ok) {
    // too many failures: say how long to wait (and tell clients by Retry-After)
    const seconds = result.error === "too_many_attempts" ? result.waitSeconds : 0;
    const reply = submission.reply({
      formErrors: [seconds ? "errors.too_many_attempts" : "errors.bad_credentials"],
      hideFields: ["password"],
    });
    return data(
      { result: reply, seconds },
      seconds ? { status: 429, headers: { "Retry-After": String(seconds) } } : { status: 401 },
    );
  }
  return startSession(request, result.accountId, safeRedirect(redirectTo, homeOf(result.role)));
}

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const nav = useNavigation();
  const redirectTo = new URLSearchParams(useLocation().search).get("redirectTo") ?? "";
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInForm }),
  });
  return (
    <section className="narrow">
      <h1>{t("sign_in.title")}</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormError
          message={form.errors?.[0]}
          values={{
            seconds: Number((actionData as { seconds?: number } | undefined)?.seconds ?? 0),
          }}
        />
        <Field
          meta={fields.username}
          label={t("sign_in.username")}
          hint={t("sign_in.username_hint")}
          autoComplete="username"
        />
        <Field
          meta={fields.password}
          label={t("sign_in.password")}
          type="password"
          autoComplete="current-password"
        />
        <button type="submit" disabled={nav.state === "submitting"}>
          {nav.state === "submitting" ? t("common.working") : t("sign_in.submit")}
        </button>
      </Form>
      <p>
        {t("sign_in.new_resident")} <Link to="/join">{t("sign_in.join_link")}</Link>
      </p>
      <p>
        {t("sign_in.forgot")} <Link to="/reset">{t("sign_in.reset_link")}</Link>
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
