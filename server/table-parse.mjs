// Reading an uploaded spreadsheet (CSV or XLSX) into rows of text cells, within bounds checked
// before any row is built: a few KB can declare a sheet of 16,384 columns, a zip entry can
// inflate a thousandfold, a CSV can hold a million lines. It runs in a worker thread
// (server/table-worker.mjs, started by app/utils/tables.server.ts with a time and memory budget);
// the functions are plain and synchronous apart from ExcelJS's load, so they are tested directly.
import { inflateRawSync } from "node:zlib";
import { parse } from "csv-parse/sync";
// loaded when first needed: a worker reading a CSV, or refusing a sheet by its bounds, never
// loads ExcelJS
const excelJs = () => import("exceljs").then((m) => m.default);

/** What a table may be: far more than a compound's register (thousands of flats, 9 columns). */
export const TABLE_LIMITS = {
  /** rows (CSV: lines) */
  rows: 20_000,
  columns: 64,
  /** cells holding a value, the whole sheet */
  cells: 200_000,
  /** entries in an .xlsx file (Excel writes about 10, WPS about 15) */
  entries: 100,
  /** all of an .xlsx file's parts inflated */
  inflatedBytes: 32 * 1024 * 1024,
};

/** A refusal: `code` is "too_big" (a bound) or "unreadable" (not a table), `detail` for the log. */
export class TableRefused extends Error {
  constructor(code, detail) {
    super(detail);
    this.code = code;
  }
}
const tooBig = (detail) => new TableRefused("too_big", detail);
const unreadable = (detail) => new TableRefused("unreadable", detail);

/** The zip's entries from its central directory (nothing inflated): name, method, sizes, data. */
export function zipEntries(bytes, limits = TABLE_LIMITS) {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end-of-central-directory record, within the last 64 KB (its comment) + 22 bytes
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--)
    if (b.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) throw unreadable("no end of central directory");
  const count = b.readUInt16LE(end + 10);
  if (count > limits.entries) throw tooBig(`${count} zip entries`);
  const entries = [];
  let declared = 0;
  for (let i = 0, p = b.readUInt32LE(end + 16); i < count; i++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50)
      throw unreadable("central directory");
    const method = b.readUInt16LE(p + 10);
    const compressed = b.readUInt32LE(p + 20);
    const size = b.readUInt32LE(p + 24);
    const nameLength = b.readUInt16LE(p + 28);
    const skip = nameLength + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.toString("utf8", p + 46, p + 46 + nameLength);
    // Zip64 sizes: no spreadsheet we accept comes near 4 GB
    if (size === 0xffffffff || compressed === 0xffffffff) throw tooBig(`${name}: zip64`);
    declared += size;
    if (declared > limits.inflatedBytes) throw tooBig(`declared ${declared} bytes inflated`);
    if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50) throw unreadable(name);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    entries.push({ name, method, size, data: b.subarray(start, start + compressed) });
    p += 46 + skip;
  }
  return entries;
}

/** Every entry inflated, at most `limits.inflatedBytes` in all whatever the sizes declared. */
function inflateAll(entries, limits) {
  let left = limits.inflatedBytes;
  const out = new Map();
  for (const e of entries) {
    let data;
    if (e.method === 0) data = e.data;
    else if (e.method === 8) {
      try {
        // stops at the budget left: a size declared small does not let a bomb through
        data = inflateRawSync(e.data, { maxOutputLength: Math.max(1, left) });
      } catch (err) {
        if (err?.code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError)
          throw tooBig(`${e.name} inflates past the budget`);
        throw unreadable(`${e.name}: ${err}`);
      }
    } else throw unreadable(`${e.name}: method ${e.method}`);
    left -= data.length;
    if (left < 0) throw tooBig("inflated past the budget");
    out.set(e.name, data);
  }
  return out;
}

/** "XFD" → 16384 */
const columnNumber = (letters) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

/**
 * A worksheet's declared size (<dimension ref>) and its cells (every <c>, the highest column and
 * row any names): each within the limits, or a refusal, before ExcelJS builds a row of it.
 */
export function checkSheet(xml, name = "sheet", limits = TABLE_LIMITS) {
  const dim = /<(?:\w+:)?dimension\b[^>]*\bref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"/.exec(
    xml,
  );
  if (dim) {
    const columns = columnNumber(dim[3] ?? dim[1] ?? "A");
    const rows = Number(dim[4] ?? dim[2] ?? 1);
    if (columns > limits.columns) throw tooBig(`${name}: declares ${columns} columns`);
    if (rows > limits.rows) throw tooBig(`${name}: declares ${rows} rows`);
  }
  let cells = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?c\b([^>]*)>?/g)) {
    if (++cells > limits.cells) throw tooBig(`${name}: over ${limits.cells} cells`);
    const ref = /\br="([A-Z]{1,3})(\d+)"/.exec(m[1]);
    if (ref && columnNumber(ref[1]) > limits.columns)
      throw tooBig(`${name}: a cell in column ${ref[1]}`);
    if (ref && Number(ref[2]) > limits.rows) throw tooBig(`${name}: a cell in row ${ref[2]}`);
  }
  for (const m of xml.matchAll(/<(?:\w+:)?row\b[^>]*\br="(\d+)"/g))
    if (Number(m[1]) > limits.rows) throw tooBig(`${name}: row ${m[1]}`);
  return { cells };
}

/** An .xlsx file's first sheet as text cells, its bounds checked before ExcelJS reads it. */
export async function readXlsx(bytes, limits = TABLE_LIMITS) {
  const parts = inflateAll(zipEntries(bytes, limits), limits);
  for (const [name, data] of parts)
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) checkSheet(data.toString("utf8"), name, limits);
  const ExcelJS = await excelJs();
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes);
  } catch (e) {
    throw unreadable(String(e));
  }
  const ws = book.worksheets[0];
  if (!ws) return [];
  const width = Math.min(ws.columnCount, limits.columns);
  const table = Array.from({ length: Math.min(ws.rowCount, limits.rows) }, () => []);
  ws.eachRow((row, n) => {
    if (n <= table.length)
      table[n - 1] = Array.from({ length: width }, (_, c) => row.getCell(c + 1).text);
  });
  return table;
}

/** UTF-8, or GB 18030 as Excel saves CSV in China. */
export function decodeText(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/**
 * CSV (or tab-separated) text as rows of cells; its lines are counted before it is parsed.
 * `trim` drops the spaces around each cell (the household roster's import).
 */
export function readCsv(text, { trim = false } = {}, limits = TABLE_LIMITS) {
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1))
    if (++lines > limits.rows) throw tooBig(`over ${limits.rows} lines`);
  const body = text.replace(/^\uFEFF/, "");
  if (body.includes("\t") && !body.includes(","))
    return body
      .split(/\r?\n/)
      .filter((l) => l !== "")
      .map((l) => l.split("\t").map((c) => (trim ? c.trim() : c)));
  let rows;
  try {
    rows = parse(body, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim,
      max_record_size: 64 * 1024,
    });
  } catch (e) {
    throw unreadable(String(e));
  }
  if (rows.some((r) => r.length > limits.columns)) throw tooBig(`over ${limits.columns} columns`);
  return rows;
}

/**
 * A file's table by its name (.xlsx; .csv or .txt): { ok: true, table } or { ok: false, code }.
 * `csvOnly` refuses an .xlsx (the household roster takes CSV).
 */
export async function readTableFile(bytes, name, { trim = false, csvOnly = false } = {}) {
  try {
    if (/\.xlsx$/i.test(name) && !csvOnly) return { ok: true, table: await readXlsx(bytes) };
    if (/\.(csv|txt)$/i.test(name) || csvOnly)
      return { ok: true, table: readCsv(decodeText(bytes), { trim }) };
    return { ok: false, code: "unreadable", detail: `not a table: ${name}` };
  } catch (e) {
    if (e instanceof TableRefused) return { ok: false, code: e.code, detail: e.message };
    return { ok: false, code: "unreadable", detail: String(e) };
  }
}
