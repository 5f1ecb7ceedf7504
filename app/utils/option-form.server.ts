import { data } from "react-router";
import type { EditorReply, EditorRow, EditorValues } from "~/components/option-editor";
import {
  BLANK_ROW,
  BOQ_MAX_LINES,
  isBlankRow,
  readBoqRows,
  rowOfLine,
  rowsFromPaste,
  rowsFromTable,
  type BoqLine,
  type BoqRowText,
  type LineProblem,
} from "~/domain/boq";
import { FUNDING_SOURCES, type FloorTable, type Serves } from "~/domain/cost-share";
import { fenToYuanString, toMilli, yuanToFen } from "~/domain/decimal";
import { servesOfTokens, servesTokens } from "~/domain/places";
import type { OptionVersionInput } from "~/models/option.server";
import type { Failure } from "./errors.server";
import type { Parsed } from "./forms";
import { readTable, tableProblemKey } from "./tables.server";

// The option editor posts repeated fields (item, unit, quantity, price per BoQ row; one amount per
// funding source). Besides saving, it can add blank rows, take rows pasted from a spreadsheet and
// import a CSV/XLSX bill; each of these answers with the whole form as typed, so nothing is lost
// with or without JavaScript.
const str = (v: FormDataEntryValue | null) => (typeof v === "string" ? v.trim() : "");
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const ADD_ROWS = 5;

export const BLANK_VALUES: EditorValues = {
  title: "",
  description: "",
  durationDays: "",
  needIds: [],
  rows: [],
  serves: [],
  funding: {},
  shareMethod: "area",
  floorTable: "",
  paste: "",
};

/** A saved version as the editor shows it. */
export function valuesOfVersion(v: {
  title: string;
  description: string;
  durationDays: number;
  needs: { id: number }[];
  lines: (BoqLine & { serves: Serves })[];
  funding: { source: string; amountFen: number }[];
  shareMethod: string;
  floorCoefficients: FloorTable | null;
  serves: Serves;
}): EditorValues {
  return {
    ...BLANK_VALUES,
    title: v.title,
    description: v.description,
    durationDays: String(v.durationDays),
    needIds: v.needs.map((n) => n.id),
    rows: v.lines.map((l) => ({ ...rowOfLine(l), serves: servesTokens(l.serves).join(",") })),
    serves: servesTokens(v.serves),
    funding: Object.fromEntries(v.funding.map((f) => [f.source, fenToYuanString(f.amountFen)])),
    shareMethod: v.shareMethod,
    floorTable: floorTableString(v.floorCoefficients),
  };
}

/** The form exactly as it was posted, to show again. */
function valuesFromForm(form: FormData): EditorValues {
  const all = (name: string) => form.getAll(name).map((v) => (typeof v === "string" ? v : ""));
  const units = all("unit");
  const quantities = all("quantity");
  const prices = all("price");
  // one select per row, so the rows' places line up with their cells
  const lineServes = all("lineServes");
  return {
    title: str(form.get("title")),
    description: str(form.get("description")),
    durationDays: str(form.get("durationDays")),
    needIds: form
      .getAll("needIds")
      .map(Number)
      .filter((n) => Number.isInteger(n)),
    rows: all("item").map((item, i): EditorRow => ({
      item,
      unit: units[i] ?? "",
      quantity: quantities[i] ?? "",
      price: prices[i] ?? "",
      serves: lineServes[i] ?? "",
    })),
    serves: all("serves").filter(Boolean),
    funding: Object.fromEntries(FUNDING_SOURCES.map((s) => [s, str(form.get(`fund_${s}`))])),
    shareMethod: str(form.get("shareMethod")) === "floor" ? "floor" : "area",
    floorTable: str(form.get("floorCoefficients")),
    paste: typeof form.get("paste") === "string" ? String(form.get("paste")) : "",
  };
}

function reply(values: EditorValues, rest: Partial<EditorReply>, status = 200) {
  const body: EditorReply = { values, errors: {}, nonce: crypto.randomUUID(), ...rest };
  return data(body, { status });
}

/** Rows taken from a paste or a file join the filled rows; nothing changes when any is wrong. */
function appendRows(
  values: EditorValues,
  taken: { rows: BoqRowText[]; problems: LineProblem[] },
  source: "paste" | "file",
) {
  const kept = values.rows.filter((r) => !isBlankRow(r));
  const problems =
    taken.problems.length === 0 && kept.length + taken.rows.length > BOQ_MAX_LINES
      ? [{ line: BOQ_MAX_LINES - kept.length + 1, code: "too_many_lines" }]
      : taken.problems;
  if (problems.length > 0)
    return reply(
      values,
      { form: `errors.boq_${source}_rejected`, lines: problems, linesOf: source },
      400,
    );
  return reply(
    { ...values, rows: [...kept, ...taken.rows], paste: "" },
    { added: taken.rows.length, focusRow: kept.length },
  );
}

/**
 * Adding rows, a paste or an import: the editor again with the result; null when the form is to
 * be saved. `allowed` says whether the expert may post to the round at all (a refusal, or null):
 * asked before a file is read, so nobody can make the server read files for a round that does
 * not exist or is not theirs.
 */
async function editorStep(form: FormData, allowed: () => Promise<Failure | null>) {
  const intent = str(form.get("intent"));
  if (intent !== "add_rows" && intent !== "paste" && intent !== "import") return null;
  const values = valuesFromForm(form);
  if (intent === "add_rows") {
    if (values.rows.length + ADD_ROWS > BOQ_MAX_LINES)
      return reply(values, { errors: { lines: "errors.too_many_lines" } }, 400);
    const rows = [...values.rows, ...Array.from({ length: ADD_ROWS }, () => BLANK_ROW)];
    return reply({ ...values, rows }, { focusRow: values.rows.length });
  }
  if (intent === "paste") {
    if (!values.paste.trim())
      return reply(values, { errors: { paste: "errors.boq_paste_empty" } }, 400);
    return appendRows(values, rowsFromPaste(values.paste), "paste");
  }
  const refused = await allowed();
  if (refused) return reply(values, { form: `errors.${refused.code}` }, refused.status);
  const file = form.get("boqFile");
  if (!(file instanceof File) || file.size === 0)
    return reply(values, { errors: { boqFile: "errors.boq_file_missing" } }, 400);
  if (file.size > MAX_FILE_BYTES)
    return reply(values, { errors: { boqFile: "errors.boq_file_too_large" } }, 400);
  const read = await readTable(file);
  if (!read.ok)
    return reply(
      values,
      {
        errors: {
          boqFile:
            read.code === "unreadable" ? "errors.boq_file_unreadable" : tableProblemKey(read.code),
        },
      },
      400,
    );
  return appendRows(values, rowsFromTable(read.table), "file");
}

/**
 * The option editor's action, for a new option and a revision alike: add rows, paste or import,
 * or parse and save; any refusal comes back with the form as typed.
 */
export async function optionEditorAction(
  form: FormData,
  allowed: () => Promise<Failure | null>,
  save: (input: OptionVersionInput) => Promise<Response | Failure>,
) {
  const step = await editorStep(form, allowed);
  if (step) return step;
  const parsed = parseOptionForm(form);
  if (!parsed.ok)
    return reply(
      valuesFromForm(form),
      { errors: parsed.errors, form: "errors.check_form", lines: parsed.lines, linesOf: "table" },
      400,
    );
  const saved = await save(parsed.data);
  if (saved instanceof Response) return saved;
  return reply(valuesFromForm(form), { form: `errors.${saved.code}` }, saved.status);
}

export function parseOptionForm(
  form: FormData,
): Parsed<OptionVersionInput> & { lines?: LineProblem[] } {
  const errors: Record<string, string> = {};
  const values = valuesFromForm(form);
  const { title, description } = values;
  const durationDays = Number(values.durationDays);
  if (!title) errors.title = "errors.required";
  else if (title.length > 120) errors.title = "errors.too_long";
  if (description.length > 4000) errors.description = "errors.too_long";
  if (!Number.isInteger(durationDays) || durationDays < 1 || durationDays > 3650)
    errors.durationDays = "errors.duration_range";

  const needIds = form.getAll("needIds").map((v) => Number(v));
  if (needIds.length === 0 || needIds.some((n) => !Number.isInteger(n) || n <= 0))
    errors.needIds = "errors.needs_required";

  const { lines, problems } = readBoqRows(values.rows);
  if (problems.length > 0) errors.lines = "errors.line_invalid";
  else if (lines.length === 0) errors.lines = "errors.boq_empty";
  // whom the option and each filled row serve (the lines are the rows that are not blank)
  const serves = servesOfTokens(values.serves);
  if (serves === undefined) errors.serves = "errors.serves_invalid";
  const lineServes = values.rows
    .filter((r) => !isBlankRow(r))
    .map((r) => servesOfTokens([r.serves ?? ""]));
  if (!errors.lines && lineServes.some((s) => s === undefined))
    errors.lines = "errors.serves_invalid";

  const funding: OptionVersionInput["funding"] = [];
  for (const source of FUNDING_SOURCES) {
    const raw = values.funding[source];
    if (!raw) continue;
    const amountFen = yuanToFen(raw);
    if (amountFen === null) errors[`fund_${source}`] = "errors.amount_invalid";
    else if (amountFen > 0) funding.push({ source, amountFen });
  }

  const shareMethod = values.shareMethod === "floor" ? "floor" : "area";
  let floorCoefficients: FloorTable | null = null;
  if (shareMethod === "floor") {
    floorCoefficients = parseFloorTable(values.floorTable);
    if (!floorCoefficients) errors.floorCoefficients = "errors.floor_table_invalid";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, lines: problems };
  return {
    ok: true,
    data: {
      title,
      description,
      durationDays,
      needIds: [...new Set(needIds)],
      lines: lines.map((l, i) => ({ ...l, serves: lineServes[i] ?? null })),
      funding,
      shareMethod,
      floorCoefficients,
      serves: serves ?? null,
    },
  };
}

/** "1:0, 2:1.0, 3:1.2" → { "1": 0, "2": 1000, "3": 1200 } (coefficients in thousandths). */
export function parseFloorTable(raw: string): FloorTable | null {
  const table: FloorTable = {};
  const parts = raw.split(/[,，;；\s]+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 60) return null;
  for (const part of parts) {
    const m = /^(\d{1,2})[:：=](.+)$/.exec(part);
    const c = m ? toMilli(m[2]) : null;
    if (!m || c === null || c > 100_000) return null;
    table[String(Number(m[1]))] = c;
  }
  return table;
}

export function floorTableString(table: FloorTable | null): string {
  if (!table) return "";
  return Object.entries(table)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([f, c]) => `${f}:${(c / 1000).toString()}`)
    .join(", ");
}
