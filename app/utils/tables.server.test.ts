import ExcelJS from "exceljs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  bombXlsx,
  farColumnXlsx,
  hugeDimensionXlsx,
  manyCellsXlsx,
  manyEntriesXlsx,
  millionLineCsv,
  sheetRows,
  xlsx,
} from "#tests/fixtures/spreadsheets";
import { checkSheet, readCsv, readTableFile, TABLE_LIMITS } from "../../server/table-parse.mjs";
import { log as logger } from "~/lib/log.server";
import { readTable } from "./tables.server";

// An uploaded table's bounds are checked before a row of it is built (ExcelJS never loads a
// refused .xlsx; a CSV's lines are counted before it is parsed), and the reading runs in a worker
// thread that is ended when it goes over its time or memory budget.

afterEach(() => vi.restoreAllMocks());

/** Counts ExcelJS loads (in this thread: readTableFile runs here, the worker is tested below). */
function watchExcelJs() {
  const getter = Object.getOwnPropertyDescriptor(ExcelJS.Workbook.prototype, "xlsx")!.get!;
  return vi.spyOn(ExcelJS.Workbook.prototype, "xlsx", "get").mockImplementation(function (
    this: ExcelJS.Workbook,
  ) {
    return getter.call(this);
  });
}

const refusal = async (bytes: Buffer, name = "t.xlsx") => {
  const r = await readTableFile(bytes, name);
  if (r.ok) throw new Error("read");
  return r;
};

describe("reading an uploaded table", () => {
  it("reads a sound .xlsx and CSV (UTF-8 and GB 18030, or tab-separated)", async () => {
    expect(
      await readTableFile(
        xlsx(
          sheetRows([
            ["a", "b"],
            ["1", "2"],
          ]),
        ),
        "t.xlsx",
      ),
    ).toEqual({
      ok: true,
      table: [
        ["a", "b"],
        ["1", "2"],
      ],
    });
    expect(await readTableFile(Buffer.from("\uFEFFa,b\n1,\n"), "t.csv")).toEqual({
      ok: true,
      table: [
        ["a", "b"],
        ["1", ""],
      ],
    });
    const gb = new Uint8Array([0xc2, 0xa5, 0xba, 0xc5, 0x2c, 0x31]); // "楼号,1" in GB 18030
    expect(await readTableFile(gb, "t.csv")).toEqual({ ok: true, table: [["楼号", "1"]] });
    expect(readCsv(" a \t b \n", { trim: true })).toEqual([["a", "b"]]);
  });

  it("refuses a sheet with a cell in column XFD before ExcelJS builds a row (the 3 KB attack)", async () => {
    const loads = watchExcelJs();
    const file = farColumnXlsx(200);
    expect(file.length).toBeLessThan(8 * 1024);
    const r = await refusal(file);
    expect(r.code).toBe("too_big");
    expect(r.detail).toMatch(/16384 columns|column XFD/);
    expect(loads).not.toHaveBeenCalled();
    // without the declared dimension, the cell itself gives it away
    expect(() => checkSheet(`<row r="1"><c r="XFD1"/></row>`)).toThrow(/column XFD/);
  });

  it("refuses a declared size over the limits, and too many cells, entries or lines", async () => {
    const loads = watchExcelJs();
    expect((await refusal(hugeDimensionXlsx())).detail).toMatch(/declares 16384 columns/);
    const cells = await refusal(manyCellsXlsx(TABLE_LIMITS.rows, 11));
    expect(cells.detail).toMatch(/over 200000 cells/);
    expect((await refusal(manyEntriesXlsx(150))).detail).toMatch(/zip entries/);
    expect(loads).not.toHaveBeenCalled();
    // a CSV's lines are counted before it is parsed
    const csv = await refusal(millionLineCsv(), "r.csv");
    expect(csv).toMatchObject({ code: "too_big", detail: "over 20000 lines" });
  });

  it("refuses a zip bomb by what it inflates to, whatever its directory declares", async () => {
    const loads = watchExcelJs();
    const honest = bombXlsx(64);
    expect(honest.length).toBeLessThan(200 * 1024);
    expect((await refusal(honest)).detail).toMatch(/declared \d+ bytes inflated/);
    // declared small: inflating stops at the budget instead of at 64 MB
    expect((await refusal(bombXlsx(64, 1000))).detail).toMatch(/inflates past the budget/);
    expect(loads).not.toHaveBeenCalled();
  });

  it("says a file that is not a table is unreadable", async () => {
    expect((await refusal(Buffer.from("not a zip"))).code).toBe("unreadable");
    expect((await refusal(Buffer.from("x"), "t.pdf")).code).toBe("unreadable");
  });
});

describe("the table worker", () => {
  const file = (bytes: Buffer, name: string) => new File([new Uint8Array(bytes)], name);

  it("reads in a worker thread and refuses by the same bounds", async () => {
    expect(await readTable(file(xlsx(sheetRows([["甲", "乙"]])), "t.xlsx"))).toEqual({
      ok: true,
      table: [["甲", "乙"]],
    });
    expect(await readTable(file(farColumnXlsx(200), "t.xlsx"))).toEqual({
      ok: false,
      code: "too_big",
    });
    expect(await readTable(file(millionLineCsv(), "r.csv"))).toEqual({
      ok: false,
      code: "too_big",
    });
  });

  it("ends a worker that goes over its time budget", async () => {
    const log = vi.spyOn(logger, "warn").mockImplementation(() => {});
    const slow = file(Buffer.from("a,b\n".repeat(TABLE_LIMITS.rows - 1)), "r.csv");
    expect(await readTable(slow, {}, { ms: 1, heapMb: 192 })).toEqual({
      ok: false,
      code: "budget",
    });
    expect(log).toHaveBeenCalledWith(
      expect.anything(),
      expect.stringMatching(/refused: over 1 ms/),
    );
  });

  it("ends a worker that goes over its memory budget, and this thread's memory stays put", async () => {
    const log = vi.spyOn(logger, "warn").mockImplementation(() => {});
    // within every bound: 20,000 lines of 64 cells, about 1.3 million strings
    const line = Array.from({ length: TABLE_LIMITS.columns }, (_, i) => `c${i}`).join(",");
    const big = file(Buffer.from(`${line}\n`.repeat(TABLE_LIMITS.rows - 1)), "r.csv");
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    expect(await readTable(big, {}, { ms: 60_000, heapMb: 16 })).toEqual({
      ok: false,
      code: "budget",
    });
    expect(log).toHaveBeenCalledWith(
      expect.anything(),
      expect.stringMatching(/refused: over 16 MB/),
    );
    global.gc?.();
    const grown = process.memoryUsage().heapUsed - before;
    console.info(
      `the memory-budget refusal grew this thread's heap by ${(grown / 1e6).toFixed(1)} MB`,
    );
    // the file itself is 4 MB; the 1.3 million cells (over 60 MB) were never in this thread
    expect(grown).toBeLessThan(40 * 1024 * 1024);
  });
});
