import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { BLANK_ROW, type BoqRowText, type LineProblem } from "~/domain/boq";
import { FUNDING_SOURCES, lineAmountFen } from "~/domain/cost-share";
import { toMilli, yuanToFen } from "~/domain/decimal";
import {
  buildingToken,
  placeNames,
  servesOfTokens,
  unitToken,
  type ScopePlace,
} from "~/domain/places";
import { money } from "~/lib/format";
import { CsrfInput } from "./csrf-input";
import { Field, TextAreaField } from "./field";
import { FormError } from "./form-error";

export type EditorNeed = { id: number; title: string; mandatory: boolean };
/** A row of the bill as typed, with the places its line serves ("" follows the option). */
export type EditorRow = BoqRowText & { serves?: string };
/** The editor's fields as text, as loaded or as posted. */
export type EditorValues = {
  title: string;
  description: string;
  durationDays: string;
  needIds: number[];
  rows: EditorRow[];
  /** the buildings/units the option serves, as tokens ("b:12", "u:34"); none: the whole scope */
  serves: string[];
  /** yuan as typed, by funding source */
  funding: Record<string, string>;
  shareMethod: string;
  floorTable: string;
  /** rows pasted from a spreadsheet, not yet taken */
  paste: string;
};

/** The action's answer: the form as posted, and what happened to it. */
export type EditorReply = {
  values: EditorValues;
  errors: Record<string, string>;
  form?: string;
  /** numbered problems of the bill's rows, of the pasted text or of the imported file */
  lines?: LineProblem[];
  linesOf?: "table" | "paste" | "file";
  /** rows taken from a paste or a file */
  added?: number;
  /** the row to put the cursor in (the first one added) */
  focusRow?: number;
  /** a new one per answer, so the editor starts again from what the server sent */
  nonce: string;
};

const BLANK_ROWS = 6;
const BATCH = 5;
type Row = EditorRow & { key: number };

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

/** Numbered problems, each line's message in full ("第3行：单位必填"). */
function LineProblems({ lines, id, label }: { lines: LineProblem[]; id: string; label: string }) {
  const { t } = useTranslation();
  return (
    <ul id={id} className="field-error" aria-label={label}>
      {lines.map((l) => (
        <li key={`${l.line}-${l.code}`} id={`${id}-${l.line}`}>
          {t("editor.line_error", { line: l.line, error: t(`errors.${l.code}`) })}
        </li>
      ))}
    </ul>
  );
}

const CELL_OF: Record<string, keyof BoqRowText> = {
  boq_item_required: "item",
  boq_item_too_long: "item",
  boq_unit_required: "unit",
  boq_unit_too_long: "unit",
  boq_quantity_invalid: "quantity",
  boq_price_invalid: "price",
};

/**
 * A design option's form. Rows of the bill are added one at a time or removed with JavaScript;
 * without it, "add 5 rows", a paste from a spreadsheet and a CSV/XLSX import go through the server,
 * which sends the whole form back as typed (`reply`).
 */
export function OptionEditor({
  needs,
  places,
  values: loaded,
  reply,
  submitLabel,
}: {
  needs: EditorNeed[];
  /** the round's scope: what the option and each line may serve */
  places: ScopePlace[];
  values: EditorValues;
  reply?: EditorReply;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const busy = useNavigation().state === "submitting";
  const values = reply?.values ?? {
    ...loaded,
    rows: [...loaded.rows, ...Array.from({ length: BLANK_ROWS }, () => BLANK_ROW)],
  };
  const errors = reply?.errors ?? {};
  const tableProblems = reply?.linesOf === "table" ? (reply.lines ?? []) : [];
  const [rows, setRows] = useState<Row[]>(() => values.rows.map((r, key) => ({ ...r, key })));
  const [scripted, setScripted] = useState(false);
  const [focusKey, setFocusKey] = useState<number | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const initialBoq = values.rows.reduce((s, r) => {
    const q = toMilli(r.quantity);
    const p = yuanToFen(r.price);
    return q === null || p === null ? s : s + lineAmountFen({ quantityMilli: q, unitPriceFen: p });
  }, 0);
  const initialFunded = Object.values(values.funding).reduce((s, v) => s + (yuanToFen(v) ?? 0), 0);
  const [sum, setSum] = useState({ boq: initialBoq, funded: initialFunded });

  useEffect(() => setScripted(true), []);
  useEffect(() => {
    if (formRef.current) setSum(totals(formRef.current));
    if (focusKey !== null) document.getElementById(`boq-item-${focusKey}`)?.focus();
  }, [rows, focusKey]);

  const nextKey = () => Math.max(-1, ...rows.map((r) => r.key)) + 1;
  const addRows = (n: number) => {
    const first = nextKey();
    setRows([...rows, ...Array.from({ length: n }, (_, i) => ({ ...BLANK_ROW, key: first + i }))]);
    setFocusKey(first);
  };
  const problemsOf = (line: number) => tableProblems.filter((p) => p.line === line);

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="stack"
      onInput={(e) => setSum(totals(e.currentTarget))}
      onKeyDown={(e) => {
        // Enter in a cell of a long bill must not submit half of it (without JavaScript the
        // first button, "add rows", is what Enter presses, which keeps everything)
        if (e.key === "Enter" && e.target instanceof HTMLInputElement) e.preventDefault();
      }}
      noValidate
      ref={formRef}
    >
      <CsrfInput />
      <FormError message={reply?.form} />
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
        {tableProblems.length > 0 && (
          <LineProblems id="boq-problems" lines={tableProblems} label={t("editor.row_problems")} />
        )}
        {reply?.added !== undefined && (
          <p role="status" className="notice">
            {t("editor.rows_added", { count: reply.added })}
          </p>
        )}
        <div className="table-wrap" tabIndex={0}>
          <table className="editor stack-narrow">
            <thead>
              <tr>
                <th scope="col">{t("boq.position")}</th>
                <th scope="col">{t("boq.item")}</th>
                <th scope="col">{t("boq.unit")}</th>
                <th scope="col">{t("boq.quantity")}</th>
                <th scope="col">{t("editor.unit_price_yuan")}</th>
                <th scope="col">{t("editor.serves_col")}</th>
                {scripted && (
                  <th scope="col">
                    <span className="visually-hidden">{t("editor.remove_col")}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const n = i + 1;
                const bad = problemsOf(n).map((p) => CELL_OF[p.code]);
                const cell = (name: keyof BoqRowText, label: string, extra = {}) => (
                  <input
                    name={name}
                    id={name === "item" ? `boq-item-${r.key}` : undefined}
                    defaultValue={r[name]}
                    aria-label={t(label, { n })}
                    aria-invalid={bad.includes(name) ? true : undefined}
                    aria-describedby={bad.includes(name) ? `boq-problems-${n}` : undefined}
                    autoFocus={!scripted && reply?.focusRow === i && name === "item"}
                    {...extra}
                  />
                );
                return (
                  <tr key={r.key}>
                    <td data-label={t("boq.position")}>{n}</td>
                    <td data-label={t("boq.item")}>{cell("item", "editor.row_item")}</td>
                    <td data-label={t("boq.unit")}>
                      {cell("unit", "editor.row_unit", { className: "short" })}
                    </td>
                    <td data-label={t("boq.quantity")}>
                      {cell("quantity", "editor.row_quantity", { inputMode: "decimal" })}
                    </td>
                    <td data-label={t("editor.unit_price_yuan")}>
                      {cell("price", "editor.row_price", { inputMode: "decimal" })}
                    </td>
                    <td data-label={t("editor.serves_col")}>
                      <LineServes
                        places={places}
                        value={r.serves ?? ""}
                        label={t("editor.row_serves", { n })}
                      />
                    </td>
                    {scripted && (
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          aria-label={t("editor.remove_row", { n })}
                          onClick={() => setRows(rows.filter((x) => x.key !== r.key))}
                        >
                          ×
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="actions">
          {scripted && (
            <button type="button" className="secondary" onClick={() => addRows(1)}>
              {t("editor.add_row")}
            </button>
          )}
          <button
            type="submit"
            name="intent"
            value="add_rows"
            className="secondary"
            onClick={(e) => {
              e.preventDefault();
              addRows(BATCH);
            }}
          >
            {t("editor.add_rows", { count: BATCH })}
          </button>
        </p>
        <TextAreaField
          name="paste"
          label={t("editor.paste")}
          hint={t("editor.paste_hint")}
          defaultValue={values.paste}
          error={errors.paste}
          optional
          rows={4}
        />
        {reply?.linesOf === "paste" && reply.lines && (
          <LineProblems
            id="paste-problems"
            lines={reply.lines}
            label={t("editor.paste_problems")}
          />
        )}
        <button type="submit" name="intent" value="paste" className="secondary">
          {t("editor.paste_submit")}
        </button>
        <Field
          name="boqFile"
          type="file"
          accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          label={t("editor.import")}
          hint={t("editor.import_hint")}
          error={errors.boqFile}
          optional
        />
        {reply?.linesOf === "file" && reply.lines && (
          <LineProblems id="file-problems" lines={reply.lines} label={t("editor.file_problems")} />
        )}
        <button type="submit" name="intent" value="import" className="secondary">
          {t("editor.import_submit")}
        </button>
      </fieldset>

      <ServesField places={places} chosen={values.serves} error={errors.serves} />

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
            defaultValue={values.funding[src] ?? ""}
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
      <button type="submit" name="intent" value="save" disabled={busy}>
        {busy ? t("common.working") : submitLabel}
      </button>
    </Form>
  );
}

/**
 * Whom a line serves: as the option (the default), one building or one unit of the scope. A line
 * saved with several places keeps them as one choice.
 */
function LineServes({
  places,
  value,
  label,
}: {
  places: ScopePlace[];
  value: string;
  label: string;
}) {
  const { t } = useTranslation();
  const listed = new Set([
    "",
    ...places.flatMap((b) => [
      ...(b.whole ? [buildingToken(b.id)] : []),
      ...b.units.map((u) => unitToken(u.id)),
    ]),
  ]);
  const saved = servesOfTokens([value]);
  return (
    <select name="lineServes" aria-label={label} defaultValue={value}>
      <option value="">{t("editor.serves_as_option")}</option>
      {!listed.has(value) && (
        <option value={value}>{placeNames(saved ?? null, places).join("、") || value}</option>
      )}
      {places.map((b) => (
        <optgroup key={b.id} label={b.name}>
          {b.whole && (
            <option value={buildingToken(b.id)}>
              {t("editor.whole_building", { building: b.name })}
            </option>
          )}
          {b.units.map((u) => (
            <option key={u.id} value={unitToken(u.id)}>
              {b.name}
              {u.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** Whom the option serves: buildings and units of the scope as plain checkboxes; none checked, the whole scope. */
function ServesField({
  places,
  chosen,
  error,
}: {
  places: ScopePlace[];
  chosen: string[];
  error?: string;
}) {
  const { t } = useTranslation();
  const box = (token: string, label: string) => (
    <div className="check" key={token}>
      <input
        type="checkbox"
        id={`serves-${token.replace(":", "-")}`}
        name="serves"
        value={token}
        defaultChecked={chosen.includes(token)}
      />
      <label htmlFor={`serves-${token.replace(":", "-")}`}>{label}</label>
    </div>
  );
  return (
    <fieldset aria-describedby={error ? "serves-error" : "serves-hint"}>
      <legend>{t("editor.serves")}</legend>
      <p id="serves-hint" className="hint">
        {t("editor.serves_hint")}
      </p>
      {error && (
        <p id="serves-error" className="field-error">
          {t(error)}
        </p>
      )}
      {places.map((b) => (
        <div key={b.id} className="places">
          {b.whole && box(buildingToken(b.id), t("editor.whole_building", { building: b.name }))}
          {b.units.map((u) => box(unitToken(u.id), `${b.name}${u.name}`))}
        </div>
      ))}
    </fieldset>
  );
}
