// Rows of a bill of quantities as people type, paste or import them, and the rule that turns them
// into exact lines. One check for every way in, so a row means the same wherever it came from.
import { fenToYuanString, MAX_FEN, milliToString, toMilli, yuanToFen } from "./decimal";

export type BoqRowText = { item: string; unit: string; quantity: string; price: string };
export type BoqLine = { item: string; unit: string; quantityMilli: number; unitPriceFen: number };
/** A problem on a numbered line (of the editor, of the pasted text or of the file); `code` is an i18n key under errors. */
export type LineProblem = { line: number; code: string };

export const BOQ_MAX_LINES = 200;
export const BLANK_ROW: BoqRowText = { item: "", unit: "", quantity: "", price: "" };

export const isBlankRow = (r: BoqRowText) =>
  !r.item.trim() && !r.unit.trim() && !r.quantity.trim() && !r.price.trim();
// Spreadsheets add currency signs and units of money to prices; amounts are plain yuan here.
const money = (s: string) => s.replace(/^[¥￥]/, "").replace(/元$/, "");

/** One row's problems (empty when it is a complete, exact line). */
function check(r: BoqRowText): { line: BoqLine | null; codes: string[] } {
  const codes: string[] = [];
  const quantityMilli = toMilli(r.quantity);
  const unitPriceFen = yuanToFen(money(r.price));
  if (!r.item) codes.push("boq_item_required");
  else if (r.item.length > 200) codes.push("boq_item_too_long");
  if (!r.unit) codes.push("boq_unit_required");
  else if (r.unit.length > 20) codes.push("boq_unit_too_long");
  if (quantityMilli === null) codes.push("boq_quantity_invalid");
  if (unitPriceFen === null) codes.push("boq_price_invalid");
  else if (unitPriceFen > MAX_FEN) codes.push("boq_price_too_large");
  if (codes.length > 0 || quantityMilli === null || unitPriceFen === null)
    return { line: null, codes };
  return { line: { item: r.item, unit: r.unit, quantityMilli, unitPriceFen }, codes };
}

const trimmed = (r: BoqRowText): BoqRowText => ({
  item: r.item.trim(),
  unit: r.unit.trim(),
  quantity: r.quantity.trim(),
  price: r.price.trim(),
});

/** The editor's rows as lines; blank rows are skipped, problems are numbered as the rows are shown. */
export function readBoqRows(rows: BoqRowText[]): { lines: BoqLine[]; problems: LineProblem[] } {
  const lines: BoqLine[] = [];
  const problems: LineProblem[] = [];
  rows.map(trimmed).forEach((r, i) => {
    if (isBlankRow(r)) return;
    const c = check(r);
    if (c.line) lines.push(c.line);
    for (const code of c.codes) problems.push({ line: i + 1, code });
  });
  if (rows.length > BOQ_MAX_LINES)
    problems.push({ line: BOQ_MAX_LINES + 1, code: "too_many_lines" });
  return { lines, problems };
}

export function rowOfLine(l: BoqLine): BoqRowText {
  return {
    item: l.item,
    unit: l.unit,
    quantity: milliToString(l.quantityMilli),
    price: fenToYuanString(l.unitPriceFen),
  };
}

const HEADERS: Record<keyof BoqRowText, RegExp> = {
  item: /^(项目名称|工程项目|项目|名称|item|description)$/i,
  unit: /^(计量单位|单位|unit)$/i,
  quantity: /^(工程量|工程数量|数量|quantity|qty)$/i,
  price: /^(综合单价|单价|unit ?price|price)$/i,
};
const FIELDS = Object.keys(HEADERS) as (keyof BoqRowText)[];
const POSITION = /^(序号|编号|行号|no\.?|#|position)$/i;
// "单价（元）" names the price column as well as "单价"
const headerName = (c: string) => c.replace(/[（(][^）)]*[）)]/g, "").trim();

/** Where each field is, from a header row naming the columns (项目名称, 计量单位, 工程量, 综合单价 …). */
function columnsFromHeader(cells: string[]): number[] | null {
  const at = FIELDS.map((f) => cells.findIndex((c) => HEADERS[f].test(headerName(c))));
  return at.every((i) => i >= 0) ? at : null;
}

/**
 * Rows of a table from a spreadsheet (pasted or imported). A header row may name the columns
 * (项目名称, 计量单位, 工程量, 综合单价, in any order among others such as 项目编码 or 合价); without
 * one the columns are 项目, 单位, 工程量, 单价 after an optional 序号 column. Amounts are always
 * recomputed. Every row must be complete: problems carry the table's own line numbers, and then
 * no row is taken.
 */
export function rowsFromTable(table: string[][]): { rows: BoqRowText[]; problems: LineProblem[] } {
  const numbered = table
    .map((cells, i) => ({ line: i + 1, cells: cells.map((c) => (c ?? "").trim()) }))
    .filter((r) => r.cells.some((c) => c !== ""));
  if (numbered.length === 0) return { rows: [], problems: [{ line: 1, code: "boq_table_empty" }] };
  const first = numbered[0].cells;
  const named = columnsFromHeader(first);
  let at = named ?? [0, 1, 2, 3];
  let body = numbered.slice(1);
  if (!named) {
    const skip =
      POSITION.test(headerName(first[0])) || numbered.every((r) => /^\d*$/.test(r.cells[0]));
    at = skip ? [1, 2, 3, 4] : [0, 1, 2, 3];
    const isHeader =
      toMilli(first[at[2]] ?? "") === null && yuanToFen(money(first[at[3]] ?? "")) === null;
    if (!isHeader) body = numbered;
  }
  const asRow = (cells: string[]) =>
    Object.fromEntries(FIELDS.map((f, k) => [f, cells[at[k]] ?? ""])) as BoqRowText;
  if (body.length === 0) return { rows: [], problems: [{ line: 1, code: "boq_table_empty" }] };
  if (body.length > BOQ_MAX_LINES)
    return { rows: [], problems: [{ line: body[BOQ_MAX_LINES].line, code: "too_many_lines" }] };
  const rows: BoqRowText[] = [];
  const problems: LineProblem[] = [];
  for (const r of body) {
    const c = check(asRow(r.cells));
    if (c.line) rows.push(rowOfLine(c.line));
    for (const code of c.codes) problems.push({ line: r.line, code });
  }
  return problems.length > 0 ? { rows: [], problems } : { rows, problems };
}

/** Rows copied from a spreadsheet arrive as tab-separated lines. */
export function rowsFromPaste(text: string) {
  return rowsFromTable(
    text
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((l) => l.split("\t")),
  );
}
