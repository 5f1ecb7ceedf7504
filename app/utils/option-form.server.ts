import { FUNDING_SOURCES, type FloorTable } from "~/domain/cost-share";
import { toMilli, yuanToFen } from "~/domain/decimal";
import type { OptionVersionInput } from "~/models/option.server";
import type { Parsed } from "./forms";

// The option editor posts repeated fields (item, unit, quantity, price per BoQ row; one amount per
// funding source). Blank rows are skipped; every other row must be complete and exact.
const str = (v: FormDataEntryValue | null) => (typeof v === "string" ? v.trim() : "");

export function parseOptionForm(form: FormData): Parsed<OptionVersionInput> {
  const errors: Record<string, string> = {};
  const title = str(form.get("title"));
  const description = str(form.get("description"));
  const durationDays = Number(str(form.get("durationDays")));
  if (!title) errors.title = "errors.required";
  else if (title.length > 120) errors.title = "errors.too_long";
  if (description.length > 4000) errors.description = "errors.too_long";
  if (!Number.isInteger(durationDays) || durationDays < 1 || durationDays > 3650)
    errors.durationDays = "errors.duration_range";

  const needIds = form.getAll("needIds").map((v) => Number(v));
  if (needIds.length === 0 || needIds.some((n) => !Number.isInteger(n) || n <= 0))
    errors.needIds = "errors.needs_required";

  const items = form.getAll("item").map(str);
  const units = form.getAll("unit").map(str);
  const quantities = form.getAll("quantity").map(str);
  const prices = form.getAll("price").map(str);
  const lines: OptionVersionInput["lines"] = [];
  if (items.length > 200) errors.lines = "errors.too_many_lines";
  items.forEach((item, i) => {
    const row = [item, units[i] ?? "", quantities[i] ?? "", prices[i] ?? ""];
    if (row.every((c) => c === "")) return;
    const quantityMilli = toMilli(row[2]);
    const unitPriceFen = yuanToFen(row[3]);
    if (
      !item ||
      !row[1] ||
      item.length > 200 ||
      row[1].length > 20 ||
      quantityMilli === null ||
      unitPriceFen === null
    ) {
      errors[`line${i}`] = "errors.line_invalid";
      errors.lines ??= "errors.line_invalid";
      return;
    }
    lines.push({ item, unit: row[1], quantityMilli, unitPriceFen });
  });
  if (lines.length === 0 && !errors.lines) errors.lines = "errors.boq_empty";

  const funding: OptionVersionInput["funding"] = [];
  for (const source of FUNDING_SOURCES) {
    const raw = str(form.get(`fund_${source}`));
    if (!raw) continue;
    const amountFen = yuanToFen(raw);
    if (amountFen === null) errors[`fund_${source}`] = "errors.amount_invalid";
    else if (amountFen > 0) funding.push({ source, amountFen });
  }

  const shareMethod = str(form.get("shareMethod")) === "floor" ? "floor" : "area";
  let floorCoefficients: FloorTable | null = null;
  if (shareMethod === "floor") {
    floorCoefficients = parseFloorTable(str(form.get("floorCoefficients")));
    if (!floorCoefficients) errors.floorCoefficients = "errors.floor_table_invalid";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    data: {
      title,
      description,
      durationDays,
      needIds: [...new Set(needIds)],
      lines,
      funding,
      shareMethod,
      floorCoefficients,
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
