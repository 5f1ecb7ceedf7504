import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { FUNDING_SOURCES, lineAmountFen } from "~/domain/cost-share";
import { fenToYuanString, milliToString, toMilli, yuanToFen } from "~/domain/decimal";
import { money } from "~/utils/format";
import { CsrfInput } from "./csrf-input";
import { Field, TextAreaField } from "./field";
import { FormError } from "./form-error";

export type EditorNeed = { id: number; title: string; mandatory: boolean };
export type EditorValues = {
  title: string;
  description: string;
  durationDays: number | "";
  needIds: number[];
  lines: { item: string; unit: string; quantityMilli: number; unitPriceFen: number }[];
  funding: { source: string; amountFen: number }[];
  shareMethod: string;
  floorTable: string;
};

const BLANK_ROWS = 6;

/** Totals of what is typed so far; the server recomputes them when the form is posted. */
function totals(form: HTMLFormElement) {
  const fd = new FormData(form);
  const q = fd.getAll("quantity");
  const p = fd.getAll("price");
  let boq = 0;
  q.forEach((raw, i) => {
    const quantityMilli = toMilli(String(raw));
    const unitPriceFen = yuanToFen(String(p[i] ?? ""));
    if (quantityMilli !== null && unitPriceFen !== null)
      boq += lineAmountFen({ quantityMilli, unitPriceFen });
  });
  const funded = FUNDING_SOURCES.reduce(
    (s, src) => s + (yuanToFen(String(fd.get(`fund_${src}`) ?? "")) ?? 0),
    0,
  );
  return { boq, funded };
}

export function OptionEditor({
  needs,
  values,
  errors,
  formError,
  submitLabel,
}: {
  needs: EditorNeed[];
  values: EditorValues;
  errors: Record<string, string>;
  formError?: string;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const busy = useNavigation().state === "submitting";
  const initialBoq = values.lines.reduce((s, l) => s + lineAmountFen(l), 0);
  const initialFunded = values.funding.reduce((s, f) => s + f.amountFen, 0);
  const [sum, setSum] = useState({ boq: initialBoq, funded: initialFunded });
  const rows = [
    ...values.lines.map((l) => ({
      item: l.item,
      unit: l.unit,
      quantity: milliToString(l.quantityMilli),
      price: fenToYuanString(l.unitPriceFen),
    })),
    ...Array.from({ length: BLANK_ROWS }, () => ({ item: "", unit: "", quantity: "", price: "" })),
  ];
  return (
    <Form
      method="post"
      className="stack"
      onInput={(e) => setSum(totals(e.currentTarget))}
      noValidate
    >
      <CsrfInput />
      <FormError message={formError} />
      <Field
        name="title"
        label={t("editor.title")}
        defaultValue={values.title}
        error={errors.title}
      />
      <TextAreaField
        name="description"
        label={t("editor.description")}
        defaultValue={values.description}
        error={errors.description}
        optional
        rows={4}
      />
      <Field
        name="durationDays"
        label={t("editor.duration")}
        type="number"
        inputMode="numeric"
        min={1}
        defaultValue={values.durationDays}
        error={errors.durationDays}
      />

      <fieldset aria-describedby={errors.needIds ? "needs-error" : undefined}>
        <legend>{t("editor.needs")}</legend>
        {needs.map((n) => (
          <div key={n.id} className="check">
            <input
              type="checkbox"
              id={`need-${n.id}`}
              name="needIds"
              value={n.id}
              defaultChecked={values.needIds.includes(n.id) || n.mandatory}
            />
            <label htmlFor={`need-${n.id}`}>
              {n.mandatory ? t("round.mandatory_need", { building: n.title }) : n.title}
            </label>
          </div>
        ))}
        {errors.needIds && (
          <p id="needs-error" className="field-error">
            {t(errors.needIds)}
          </p>
        )}
      </fieldset>

      <fieldset>
        <legend>{t("boq.caption")}</legend>
        <p className="hint">{t("editor.boq_hint")}</p>
        {errors.lines && <p className="field-error">{t(errors.lines)}</p>}
        <div className="table-wrap" tabIndex={0}>
          <table className="editor">
            <thead>
              <tr>
                <th scope="col">{t("boq.position")}</th>
                <th scope="col">{t("boq.item")}</th>
                <th scope="col">{t("boq.unit")}</th>
                <th scope="col">{t("boq.quantity")}</th>
                <th scope="col">{t("editor.unit_price_yuan")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} aria-invalid={errors[`line${i}`] ? true : undefined}>
                  <td>{i + 1}</td>
                  <td>
                    <input
                      name="item"
                      defaultValue={r.item}
                      aria-label={t("editor.row_item", { n: i + 1 })}
                    />
                  </td>
                  <td>
                    <input
                      name="unit"
                      defaultValue={r.unit}
                      aria-label={t("editor.row_unit", { n: i + 1 })}
                      className="short"
                    />
                  </td>
                  <td>
                    <input
                      name="quantity"
                      defaultValue={r.quantity}
                      inputMode="decimal"
                      aria-label={t("editor.row_quantity", { n: i + 1 })}
                    />
                  </td>
                  <td>
                    <input
                      name="price"
                      defaultValue={r.price}
                      inputMode="decimal"
                      aria-label={t("editor.row_price", { n: i + 1 })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("funding.caption")}</legend>
        <p className="hint">{t("editor.funding_hint")}</p>
        {FUNDING_SOURCES.map((src) => (
          <Field
            key={src}
            id={`fund-${src}`}
            name={`fund_${src}`}
            label={t("editor.fund_label", { source: t(`funding.${src}`) })}
            inputMode="decimal"
            optional
            defaultValue={(() => {
              const f = values.funding.find((x) => x.source === src);
              return f ? fenToYuanString(f.amountFen) : "";
            })()}
            error={errors[`fund_${src}`]}
          />
        ))}
      </fieldset>
      <p aria-live="polite" className={sum.boq === sum.funded ? "notice" : "form-error"}>
        {t("editor.sums", { boq: money(sum.boq, lang), funded: money(sum.funded, lang) })}
      </p>

      <fieldset>
        <legend>{t("editor.share_method")}</legend>
        <div className="check">
          <input
            type="radio"
            id="share-area"
            name="shareMethod"
            value="area"
            defaultChecked={values.shareMethod !== "floor"}
          />
          <label htmlFor="share-area">{t("option.share_area")}</label>
        </div>
        <div className="check">
          <input
            type="radio"
            id="share-floor"
            name="shareMethod"
            value="floor"
            defaultChecked={values.shareMethod === "floor"}
          />
          <label htmlFor="share-floor">{t("option.share_floor")}</label>
        </div>
        <Field
          name="floorCoefficients"
          label={t("editor.floor_table")}
          hint={t("editor.floor_table_hint")}
          optional
          defaultValue={values.floorTable}
          error={errors.floorCoefficients}
        />
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? t("common.working") : submitLabel}
      </button>
    </Form>
  );
}
