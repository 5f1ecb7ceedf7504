import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { SATISFACTION_ANSWERS } from "~/domain/property-trial";
import { answerSatisfaction, satisfactionForm } from "~/models/property-trial.server";
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
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/trial-satisfaction";

// The trial's monthly question: one answer per household and month, changeable within the month.

const Answer = z.object({
  householdId: z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid"),
  answer: z.enum(SATISFACTION_ANSWERS, { error: "errors.trial_answer_required" }),
});

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "resident");
  const id = idParam(params, "trialId");
  return notFoundOnDomainError(() => satisfactionForm(id, account));
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "resident");
  const id = idParam(params, "trialId");
  const form = await readForm(request);
  const parsed = parseForm(Answer, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const r = await attempt(() =>
    answerSatisfaction(id, parsed.data.householdId, parsed.data.answer, account),
  );
  return r.ok
    ? redirectWithFlash(request, `/trials/${id}/satisfaction`, "trial.flash.answered")
    : fromFailure(r);
}

export default function TrialSatisfaction({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { trial, month, open, households } = loaderData;
  const problem = actionData as FormProblem | undefined;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/compounds/${trial.compound.id}`}>
          {localName(lang, trial.compound.name, trial.compound.nameEn)}
        </Link>
      </nav>
      <h1>
        {t("trial.answer_title", { company: localName(lang, trial.company, trial.companyEn) })}
      </h1>
      {!open ? (
        <p>{t("errors.trial_not_running")}</p>
      ) : households.length === 0 ? (
        <p>{t("trial.no_household")}</p>
      ) : (
        households.map((h) => (
          <Form method="post" className="card stack" key={h.id}>
            <CsrfInput />
            <FormError message={problem?.form} />
            <input type="hidden" name="householdId" value={h.id} />
            <fieldset>
              <legend>{t("trial.question_for", { month, household: h.label })}</legend>
              {h.answer && (
                <p className="muted">
                  {t("trial.your_answer", { answer: t(`trial.answers.${h.answer}`) })}
                </p>
              )}
              {SATISFACTION_ANSWERS.map((a) => (
                <div className="check" key={a}>
                  <input
                    type="radio"
                    id={`answer-${h.id}-${a}`}
                    name="answer"
                    value={a}
                    defaultChecked={h.answer === a}
                    required
                  />
                  <label htmlFor={`answer-${h.id}-${a}`}>{t(`trial.answers.${a}`)}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit">
              {t(h.answer ? "trial.change_answer" : "trial.send_answer")}
            </button>
          </Form>
        ))
      )}
    </>
  );
}
