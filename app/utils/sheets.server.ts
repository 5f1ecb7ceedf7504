import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import type { Sheet } from "~/models/transparency.server";

/**
 * UTF-8 with a byte-order mark, so spreadsheet programs open Chinese text correctly. A text cell
 * beginning with = + - @, a tab or a CR gets a leading ' so it is never run as a formula
 * (a resident's need titled =HYPERLINK(…) stays text); numbers keep their sign.
 */
export function toCsv(sheet: Sheet): string {
  return "\uFEFF" + stringify([sheet.header, ...sheet.rows], { escape_formulas: true });
}

export async function toXlsx(sheet: Sheet): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Diancai";
  const ws = book.addWorksheet(sheet.name);
  ws.addRow(sheet.header).font = { bold: true };
  for (const r of sheet.rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
