import { getCollectionProps, getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { MAX_FEN, yuanToFen } from "~/domain/decimal";
import { LEGAL_FLOORS, type RoundSetup, type RuleColumns } from "~/domain/rules";
import { CsrfInput } from "./csrf-input";
import { FormError } from "./form-error";
import { localName } from "~/utils/names";

// The round set-up form, shared by "new round" and "edit draft". Conform keeps what was typed
// after an error with and without JavaScript and shows every error beside its field at once;
// the legal floors themselves are checked in app/domain/rules.ts by the model.

const int = (max: number) =>
  z
    .number({ error: (i) => (i.input === undefined ? "errors.required" : "errors.invalid") })
    .int("errors.invalid")
    .min(0, "errors.invalid")
    .max(max, "errors.invalid");
const date = z
  .string({ error: "errors.required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date_invalid");

export const RoundFormSchema = z.object({
  compoundId: int(1e9),
  title: z
    .string({ error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(120, "errors.too_long"),
  titleEn: z.string().trim().max(120, "errors.too_long").optional(),
  scopeKind: z.enum(["whole", "buildings", "units"], { error: "errors.invalid" }),
  buildingIds: z.array(int(1e9)).optional(),
  unitIds: z.array(int(1e9)).optional(),
  orderingEndsAt: date,
  cookingEndsAt: date,
  tastingEndsAt: date,
  budgetCap: z
    .string()
    .optional()
    .refine((v) => v === undefined || yuanToFen(v) !== null, "errors.amount_invalid")
    .refine(
      (v) => v === undefined || (yuanToFen(v) ?? 0) <= MAX_FEN,
      "errors.budget_cap_too_large",
    ),
  hideScores: z.boolean().optional(),
  quorumNum: int(1000),
  quorumDen: int(1000),
  ordinaryNum: int(1000),
  ordinaryDen: int(1000),
  alterationNum: int(1000),
  alterationDen: int(1000),
  threshold: int(5),
  objectionDays: int(365),
  minVotingDays: int(365),
});
export type RoundFormValues = z.output<typeof RoundFormSchema>;

/** A deadline date means the end of that day in China. */
export const endOfDay = (d: string) => new Date(`${d}T23:59:59+08:00`);
/** The calendar day in China a deadline falls on, as a date input shows it. */
export const chinaDay = (d: Date) =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export function toSetup(d: RoundFormValues): RoundSetup & { compoundId: number } {
  return {
    compoundId: d.compoundId,
    title: d.title,
    titleEn: d.titleEn || null,
    scopeKind: d.scopeKind,
    buildingIds: d.buildingIds ?? [],
    unitIds: d.unitIds ?? [],
    orderingEndsAt: endOfDay(d.orderingEndsAt),
    cookingEndsAt: endOfDay(d.cookingEndsAt),
    tastingEndsAt: endOfDay(d.tastingEndsAt),
    budgetCapFen: d.budgetCap ? yuanToFen(d.budgetCap) : null,
    hideScores: d.hideScores ?? false,
    rules: {
      quorum: { num: d.quorumNum, den: d.quorumDen },
      ordinary: { num: d.ordinaryNum, den: d.ordinaryDen },
      alteration: { num: d.alterationNum, den: d.alterationDen },
      threshold: d.threshold,
    },
    objectionDays: d.objectionDays,
    minVotingDays: d.minVotingDays,
  };
}

/** The form's values for a stored set-up (the edit page) or the defaults (a new round). */
export function formValues(
  s: {
    compoundId?: number;
    title?: string;
    titleEn?: string | null;
    scopeKind?: string;
    buildingIds?: number[];
    unitIds?: number[];
    orderingEndsAt?: Date;
    cookingEndsAt?: Date;
    tastingEndsAt?: Date;
    budgetCapFen?: number | null;
    hideScores?: boolean;
    objectionDays: number;
    minVotingDays: number;
  } & RuleColumns,
) {
  const str = (n: number | undefined) => (n === undefined ? undefined : String(n));
  return {
    compoundId: str(s.compoundId),
    title: s.title,
    titleEn: s.titleEn ?? undefined,
    scopeKind: s.scopeKind ?? "whole",
    buildingIds: s.buildingIds?.map(String),
    unitIds: s.unitIds?.map(String),
    orderingEndsAt: s.orderingEndsAt && chinaDay(s.orderingEndsAt),
    cookingEndsAt: s.cookingEndsAt && chinaDay(s.cookingEndsAt),
    tastingEndsAt: s.tastingEndsAt && chinaDay(s.tastingEndsAt),
    budgetCap: s.budgetCapFen != null ? String(s.budgetCapFen / 100) : undefined,
    hideScores: s.hideScores === false ? undefined : "on",
    quorumNum: str(s.quorumNum),
    quorumDen: str(s.quorumDen),
    ordinaryNum: str(s.ordinaryNum),
    ordinaryDen: str(s.ordinaryDen),
    alterationNum: str(s.alterationNum),
    alterationDen: str(s.alterationDen),
    threshold: str(s.threshold),
    objectionDays: str(s.objectionDays),
    minVotingDays: str(s.minVotingDays),
  };
}

/** Conform's props carry React's key, which JSX must get on its own. */
function noKey<P extends { key?: unknown }>(p: P): Omit<P, "key"> {
  const { key: _key, ...rest } = p;
  return rest;
}

type Compound = {
  id: number;
  name: string;
  nameEn: string;
  buildings: { id: number; name: string; units: { id: number; name: string }[] }[];
};

export function RoundSetupForm({
  compounds,
  defaultValue,
  lastResult,
  submitLabel,
}: {
  compounds: Compound[];
  defaultValue: ReturnType<typeof formValues>;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "round-setup",
    lastResult,
    defaultValue: {
      ...defaultValue,
      compoundId: defaultValue.compoundId ?? (compounds[0] ? String(compounds[0].id) : undefined),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RoundFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const err = (name: keyof typeof fields) => fields[name].errors?.[0];
  const input = (
    name: keyof typeof fields,
    label: string,
    type: "text" | "number" | "date",
    extra: { hint?: string; optional?: boolean; inputMode?: "decimal" } = {},
  ) => {
    // one helper for fields of several value types: Conform's props do not depend on it
    const f = fields[name] as FieldMetadata<string | undefined>;
    const props = getInputProps(f, {
      type,
      ariaDescribedBy: extra.hint ? `${f.id}-hint` : undefined,
    });
    return (
      <div className="field">
        <label htmlFor={f.id}>
          {label}
          {extra.optional && <span className="muted"> {t("common.optional")}</span>}
        </label>
        {extra.hint && (
          <p id={`${f.id}-hint`} className="hint">
            {extra.hint}
          </p>
        )}
        <input
          {...noKey(props)}
          key={props.key}
          inputMode={extra.inputMode}
          required={!extra.optional}
        />
        {f.errors?.[0] && (
          <p id={f.errorId} className="field-error">
            {t(f.errors[0])}
          </p>
        )}
      </div>
    );
  };
  const fraction = (
    num: "quorumNum" | "ordinaryNum" | "alterationNum",
    den: "quorumDen" | "ordinaryDen" | "alterationDen",
    key: string,
  ) => (
    <fieldset className="fraction">
      <legend>{t(`new_round.${key}`)}</legend>
      <p className="hint">{t(`new_round.${key}_floor`)}</p>
      {input(num, t("new_round.numerator"), "number")}
      {input(den, t("new_round.denominator"), "number")}
    </fieldset>
  );
  const scopeOptions = getCollectionProps(fields.scopeKind, {
    type: "radio",
    options: ["whole", "buildings", "units"],
  });
  const compoundOptions = getCollectionProps(fields.compoundId, {
    type: "radio",
    options: compounds.map((c) => String(c.id)),
  });
  const buildingBoxes = getCollectionProps(fields.buildingIds, {
    type: "checkbox",
    options: compounds.flatMap((c) => c.buildings.map((b) => String(b.id))),
  });
  const unitBoxes = getCollectionProps(fields.unitIds, {
    type: "checkbox",
    options: compounds.flatMap((c) => c.buildings.flatMap((b) => b.units.map((u) => String(u.id)))),
  });
  const byValue = <P extends { value: string }>(list: P[], v: number) =>
    list.find((p) => p.value === String(v))!;
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <CsrfInput />
      {form.errors?.[0] ? (
        <FormError message={form.errors[0]} />
      ) : (
        Object.keys(form.allErrors).length > 0 && <FormError message="errors.check_form" />
      )}
      {input("title", t("new_round.round_title"), "text")}
      {input("titleEn", t("new_round.round_title_en"), "text", {
        optional: true,
        hint: t("new_round.round_title_en_hint"),
      })}
      <fieldset aria-describedby={err("compoundId") ? fields.compoundId.errorId : undefined}>
        <legend>{t("new_round.compound")}</legend>
        {compoundOptions.map((p, i) => {
          const c = compounds[i];
          return (
            <div key={p.key} className="check">
              <input {...noKey(p)} key={p.key} />
              <label htmlFor={p.id}>{localName(lang, c.name, c.nameEn)}</label>
            </div>
          );
        })}
        {err("compoundId") && (
          <p id={fields.compoundId.errorId} className="field-error">
            {t(err("compoundId")!)}
          </p>
        )}
      </fieldset>
      <fieldset aria-describedby={err("scopeKind") ? fields.scopeKind.errorId : undefined}>
        <legend>{t("new_round.scope")}</legend>
        {scopeOptions.map((p) => (
          <div key={p.key} className="check">
            <input {...noKey(p)} key={p.key} />
            <label htmlFor={p.id}>{t(`scope.${p.value}`)}</label>
          </div>
        ))}
        <p className="hint">{t("new_round.scope_hint")}</p>
        {err("scopeKind") && (
          <p id={fields.scopeKind.errorId} className="field-error">
            {t(err("scopeKind")!)}
          </p>
        )}
        {compounds.map((c) => (
          <details key={c.id} open>
            <summary>
              {t("new_round.scope_of", { compound: localName(lang, c.name, c.nameEn) })}
            </summary>
            <div
              role="group"
              aria-label={t("new_round.scope_of", { compound: localName(lang, c.name, c.nameEn) })}
            >
              {c.buildings.map((b) => {
                const bp = byValue(buildingBoxes, b.id);
                return (
                  <div key={b.id} className="scope-building">
                    <div className="check">
                      <input {...noKey(bp)} key={bp.key} />
                      <label htmlFor={bp.id}>{b.name}</label>
                    </div>
                    {b.units.map((u) => {
                      const up = byValue(unitBoxes, u.id);
                      return (
                        <div key={u.id} className="check indent">
                          <input {...noKey(up)} key={up.key} />
                          <label htmlFor={up.id}>
                            {b.name}
                            {u.name}
                          </label>
                        </div>
                      );
                    })}
                  </div>
                );
              })}
            </div>
          </details>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("new_round.deadlines")}</legend>
        <p className="hint">
          {t("new_round.deadlines_hint", { days: LEGAL_FLOORS.minVotingDays })}
        </p>
        {input("orderingEndsAt", t("round.ordering_ends"), "date")}
        {input("cookingEndsAt", t("round.cooking_ends"), "date")}
        {input("tastingEndsAt", t("round.tasting_ends"), "date")}
      </fieldset>
      {input("budgetCap", t("new_round.budget_cap"), "text", {
        optional: true,
        inputMode: "decimal",
        hint: t("new_round.budget_hint"),
      })}
      <fieldset>
        <legend>{t("round.rules")}</legend>
        <p className="hint">{t("new_round.rules_hint")}</p>
        {fraction("quorumNum", "quorumDen", "quorum")}
        {fraction("ordinaryNum", "ordinaryDen", "ordinary")}
        {fraction("alterationNum", "alterationDen", "alteration")}
        {input("threshold", t("new_round.threshold"), "number", {
          hint: t("new_round.threshold_floor"),
        })}
        {input("objectionDays", t("new_round.objection_days"), "number", {
          hint: t("new_round.objection_floor", { days: LEGAL_FLOORS.objectionDays }),
        })}
        {input("minVotingDays", t("new_round.min_voting_days"), "number", {
          hint: t("new_round.voting_floor", { days: LEGAL_FLOORS.minVotingDays }),
        })}
        <div className="check">
          <input
            {...noKey(getInputProps(fields.hideScores, { type: "checkbox" }))}
            key={fields.hideScores.key}
          />
          <label htmlFor={fields.hideScores.id}>{t("new_round.hide_scores")}</label>
        </div>
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? t("common.working") : submitLabel}
      </button>
    </Form>
  );
}
