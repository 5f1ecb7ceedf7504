import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { normaliseUsername } from "~/domain/username";
import { resetPassword } from "~/models/password-reset.server";
import { getCurrentAccount } from "~/utils/auth.server";
import { newPassword, refuse, requiredText } from "~/utils/conform";
import { readForm } from "~/utils/csrf.server";
import { attempt } from "~/utils/errors.server";
import { LIMITS, take } from "~/utils/rate-limit.server";
import { startSession } from "~/utils/session.server";
import type { Route } from "./+types/reset";

// A forgotten password: the reset code the community worker printed sets a new one and ends
// every earlier session; the resident is signed in afresh.
const ResetForm = z.object({
  username: requiredText(64).transform(normaliseUsername),
  code: requiredText(32),
  password: newPassword,
});

export async function loader({ request }: Route.LoaderArgs) {
  if (await getCurrentAccount(request)) throw redirect("/me");
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: ResetForm });
  if (submission.status !== "success") return refuse(submission, 400);
  if (!(await take(LIMITS.bindPerIp, context?.ip)))
    return refuse(submission, 429, { formErrors: ["errors.rate_limited"] });
  const r = await attempt(() => resetPassword(submission.value));
  if (!r.ok) return refuse(submission, r.status, { formErrors: [`errors.${r.code}`] });
  return startSession(request, r.value.accountId, "/me?reset=1");
}

export default function Reset({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const nav = useNavigation();
  const [form, fields] = useForm({
    id: "reset",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetForm }),
  });
  return (
    <section className="narrow">
      <h1>{t("reset.title")}</h1>
      <p>{t("reset.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError message={form.errors?.[0]} />
        <Field meta={fields.username} label={t("sign_in.username")} autoComplete="username" />
        <Field
          meta={fields.code}
          label={t("reset.code")}
          hint={t("reset.code_hint")}
          autoComplete="off"
          autoCapitalize="characters"
        />
        <Field
          meta={fields.password}
          label={t("reset.password")}
          hint={t("join.password_hint")}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" disabled={nav.state === "submitting"}>
          {nav.state === "submitting" ? t("common.working") : t("reset.submit")}
        </button>
      </Form>
    </section>
  );
}
