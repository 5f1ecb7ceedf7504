import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { CsrfInput } from "./csrf-input";
import { Field } from "./field";
import { FormError } from "./form-error";

type Need = { id: number; title: string; mandatory: boolean; supporters: number };
export type MergeProblem = {
  errors: Record<string, string>;
  form: string;
  values?: { fromId: string; intoId: string; reason: string };
};

/**
 * The community worker merges a duplicate need into another, permanently. A refusal marks the
 * field at fault and keeps what was chosen; a success is confirmed here, never beside an error,
 * and the form starts empty again (its key is the merge just made).
 */
export function MergeNeedsForm({
  needs,
  problem,
  merged,
  busy,
}: {
  needs: Need[];
  problem?: MergeProblem;
  merged: number | null;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const err = problem?.errors ?? {};
  return (
    <Form method="post" className="card stack" id="merge" key={merged ?? "none"}>
      <h2>{t("work.merge")}</h2>
      <p className="hint">{t("work.merge_hint")}</p>
      <CsrfInput />
      <input type="hidden" name="intent" value="merge" />
      {problem ? (
        <FormError message={problem.form} />
      ) : (
        merged !== null && (
          <p role="status" className="notice">
            {t("flash.merged")}
          </p>
        )
      )}
      {(["fromId", "intoId"] as const).map((name) => (
        <div className="field" key={name}>
          <label htmlFor={name}>{t(`work.${name}`)}</label>
          <select
            id={name}
            name={name}
            defaultValue={problem?.values?.[name] ?? ""}
            aria-invalid={err[name] ? true : undefined}
            aria-describedby={err[name] ? `${name}-error` : undefined}
          >
            <option value="">{t("work.choose")}</option>
            {needs
              .filter((n) => name === "intoId" || !n.mandatory)
              .map((n) => (
                <option key={n.id} value={n.id}>
                  {n.title}（{t("round.supporters", { count: n.supporters })}）
                </option>
              ))}
          </select>
          {err[name] && (
            <p id={`${name}-error`} className="field-error">
              {t(err[name])}
            </p>
          )}
        </div>
      ))}
      <Field
        name="reason"
        label={t("work.merge_reason")}
        optional
        defaultValue={problem?.values?.reason ?? ""}
        error={err.reason}
      />
      <div className="check">
        <input
          type="checkbox"
          id="merge-confirm"
          name="confirm"
          value="yes"
          aria-invalid={err.confirm ? true : undefined}
          aria-describedby={err.confirm ? "merge-confirm-error" : undefined}
        />
        <label htmlFor="merge-confirm">{t("work.merge_confirm")}</label>
      </div>
      {err.confirm && (
        <p id="merge-confirm-error" className="field-error">
          {t(err.confirm)}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t("work.merge_submit")}
      </button>
    </Form>
  );
}
