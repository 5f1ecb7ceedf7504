import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { yuanToFen } from "~/domain/decimal";
import { DEFAULT_RULES, validRules } from "~/domain/rules";
import { compoundsOfStreet, createRound } from "~/models/round.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, formProblem, fromFailure, type FormProblem } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { localName } from "~/utils/names";
import type { Route } from "./+types/new-round";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date_invalid");
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: "errors.invalid" })
    .int("errors.invalid")
    .min(min, "errors.invalid")
    .max(max, "errors.invalid");
const NewRound = z.object({
  compoundId: int(1, 1e9),
  title: z.string().trim().min(1, "errors.required").max(120, "errors.too_long"),
  scopeKind: z.enum(["whole", "buildings", "units"], { error: "errors.invalid" }),
  orderingEndsAt: date,
  cookingEndsAt: date,
  tastingEndsAt: date,
  budgetCap: z.string().trim().optional(),
  hideScores: z.string().optional(),
  quorumNum: int(1, 100),
  quorumDen: int(1, 100),
  threshold: int(1, 5),
  objectionDays: int(0, 60),
});

/** A deadline date means the end of that day in China. */
const endOfDay = (d: string) => new Date(`${d}T23:59:59+08:00`);

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office");
  return {
    compounds: account.streetId ? await compoundsOfStreet(account.streetId) : [],
    defaults: DEFAULT_RULES,
  };
}

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const form = await readForm(request);
  const parsed = parseForm(NewRound, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const d = parsed.data;
  const budgetCapFen = d.budgetCap ? yuanToFen(d.budgetCap) : null;
  if (d.budgetCap && budgetCapFen === null)
    return formProblem({
      errors: { budgetCap: "errors.amount_invalid" },
      form: "errors.check_form",
    });
  const rules = {
    ...DEFAULT_RULES,
    quorum: { num: d.quorumNum, den: d.quorumDen },
    threshold: d.threshold,
  };
  if (!validRules(rules))
    return formProblem({
      errors: { quorumNum: "errors.rules_invalid" },
      form: "errors.rules_invalid",
    });
  const ids = (name: string) =>
    form
      .getAll(name)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  const r = await attempt(() =>
    createRound(
      {
        compoundId: d.compoundId,
        title: d.title,
        scopeKind: d.scopeKind,
        buildingIds: ids(`building_${d.compoundId}`),
        unitIds: ids(`unit_${d.compoundId}`),
        orderingEndsAt: endOfDay(d.orderingEndsAt),
        cookingEndsAt: endOfDay(d.cookingEndsAt),
        tastingEndsAt: endOfDay(d.tastingEndsAt),
        budgetCapFen,
        hideScores: d.hideScores === "yes",
        rules,
        objectionDays: d.objectionDays,
      },
      account,
    ),
  );
  if (!r.ok) return fromFailure(r);
  return redirectWithFlash(request, `/rounds/${r.value.id}/manage`, "flash.round_created");
}

export default function NewRoundPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const problem = actionData as FormProblem | undefined;
  const e = problem?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const { compounds, defaults } = loaderData;
  return (
    <>
      <h1>{t("new_round.title")}</h1>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <FormError message={problem?.form} />
        <Field name="title" label={t("new_round.round_title")} error={e.title} />
        <fieldset>
          <legend>{t("new_round.compound")}</legend>
          {compounds.map((c, i) => (
            <div key={c.id} className="check">
              <input
                type="radio"
                id={`compound-${c.id}`}
                name="compoundId"
                value={c.id}
                defaultChecked={i === 0}
              />
              <label htmlFor={`compound-${c.id}`}>{localName(lang, c.name, c.nameEn)}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("new_round.scope")}</legend>
          {(["whole", "buildings", "units"] as const).map((k) => (
            <div key={k} className="check">
              <input
                type="radio"
                id={`scope-${k}`}
                name="scopeKind"
                value={k}
                defaultChecked={k === "whole"}
              />
              <label htmlFor={`scope-${k}`}>{t(`scope.${k}`)}</label>
            </div>
          ))}
          <p className="hint">{t("new_round.scope_hint")}</p>
          {compounds.map((c) => (
            <details key={c.id}>
              <summary>
                {t("new_round.scope_of", { compound: localName(lang, c.name, c.nameEn) })}
              </summary>
              <div
                role="group"
                aria-label={t("new_round.scope_of", {
                  compound: localName(lang, c.name, c.nameEn),
                })}
              >
                {c.buildings.map((b) => (
                  <div key={b.id} className="scope-building">
                    <div className="check">
                      <input
                        type="checkbox"
                        id={`b-${b.id}`}
                        name={`building_${c.id}`}
                        value={b.id}
                      />
                      <label htmlFor={`b-${b.id}`}>{b.name}</label>
                    </div>
                    {b.units.map((u) => (
                      <div key={u.id} className="check indent">
                        <input
                          type="checkbox"
                          id={`u-${u.id}`}
                          name={`unit_${c.id}`}
                          value={u.id}
                        />
                        <label htmlFor={`u-${u.id}`}>
                          {b.name}
                          {u.name}
                        </label>
                      </div>
                    ))}
                  </div>
                ))}
              </div>
            </details>
          ))}
        </fieldset>
        <Field
          name="orderingEndsAt"
          type="date"
          label={t("round.ordering_ends")}
          error={e.orderingEndsAt}
        />
        <Field
          name="cookingEndsAt"
          type="date"
          label={t("round.cooking_ends")}
          error={e.cookingEndsAt}
        />
        <Field
          name="tastingEndsAt"
          type="date"
          label={t("round.tasting_ends")}
          error={e.tastingEndsAt}
        />
        <Field
          name="budgetCap"
          label={t("new_round.budget_cap")}
          inputMode="decimal"
          optional
          error={e.budgetCap}
        />
        <fieldset>
          <legend>{t("round.rules")}</legend>
          <Field
            name="quorumNum"
            type="number"
            label={t("new_round.quorum_num")}
            defaultValue={defaults.quorum.num}
            error={e.quorumNum}
          />
          <Field
            name="quorumDen"
            type="number"
            label={t("new_round.quorum_den")}
            defaultValue={defaults.quorum.den}
            error={e.quorumDen}
          />
          <Field
            name="threshold"
            type="number"
            label={t("new_round.threshold")}
            min={1}
            max={5}
            defaultValue={defaults.threshold}
            error={e.threshold}
          />
          <Field
            name="objectionDays"
            type="number"
            label={t("new_round.objection_days")}
            min={0}
            max={60}
            defaultValue={7}
            error={e.objectionDays}
          />
          <div className="check">
            <input type="checkbox" id="hideScores" name="hideScores" value="yes" defaultChecked />
            <label htmlFor="hideScores">{t("new_round.hide_scores")}</label>
          </div>
          <p className="hint">{t("new_round.rules_hint")}</p>
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? t("common.working") : t("new_round.submit")}
        </button>
      </Form>
    </>
  );
}
