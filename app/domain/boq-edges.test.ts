import { describe, expect, it } from "vitest";
import { BOQ_MAX_LINES, isBlankRow, readBoqRows, rowsFromPaste, rowsFromTable } from "./boq";

const row = (item: string, unit: string, quantity: string, price: string) => ({
  item,
  unit,
  quantity,
  price,
});

describe("bill of quantities: the edges of a row", () => {
  it("counts a row as blank only when all four cells are empty or spaces", () => {
    expect(isBlankRow(row(" ", "", "  ", ""))).toBe(true);
    expect(isBlankRow(row("", "", "", "1"))).toBe(false);
    expect(isBlankRow(row("", "", "2", ""))).toBe(false);
    expect(isBlankRow(row("", "m", "", ""))).toBe(false);
    expect(isBlankRow(row("x", "", "", ""))).toBe(false);
  });

  it("takes an item of 200 characters and a unit of 20, refuses one more, and trims", () => {
    const ok = readBoqRows([row(` ${"项".repeat(200)} `, ` ${"米".repeat(20)} `, " 2 ", " 3.5 ")]);
    expect(ok.problems).toEqual([]);
    expect(ok.lines).toEqual([
      { item: "项".repeat(200), unit: "米".repeat(20), quantityMilli: 2000, unitPriceFen: 350 },
    ]);
    expect(readBoqRows([row("项".repeat(201), "米".repeat(21), "2", "3")]).problems).toEqual([
      { line: 1, code: "boq_item_too_long" },
      { line: 1, code: "boq_unit_too_long" },
    ]);
  });

  it("names each missing or wrong cell, and takes no line from a row with any problem", () => {
    expect(readBoqRows([row("", "", "x", "y")])).toEqual({
      lines: [],
      problems: [
        { line: 1, code: "boq_item_required" },
        { line: 1, code: "boq_unit_required" },
        { line: 1, code: "boq_quantity_invalid" },
        { line: 1, code: "boq_price_invalid" },
      ],
    });
    expect(readBoqRows([row("防水", "m²", "x", "5")]).lines).toEqual([]);
    expect(readBoqRows([row("防水", "m²", "5", "x")]).lines).toEqual([]);
  });

  it("accepts exactly the line limit in the editor", () => {
    const rows = Array.from({ length: BOQ_MAX_LINES }, (_, i) => row(`项 ${i}`, "项", "1", "1"));
    expect(readBoqRows(rows).problems).toEqual([]);
  });

  it("reads prices with a currency sign in front or 元 behind, not in the middle", () => {
    expect(rowsFromPaste("防水\tm²\t2\t¥3.5").rows[0].price).toBe("3.50");
    expect(rowsFromPaste("防水\tm²\t2\t￥3.5").rows[0].price).toBe("3.50");
    expect(rowsFromPaste("防水\tm²\t2\t3.5元").rows[0].price).toBe("3.50");
    expect(rowsFromPaste("防水\tm²\t2\t3¥5").problems).toEqual([
      { line: 1, code: "boq_price_invalid" },
    ]);
  });
});

describe("bill of quantities: tables from spreadsheets", () => {
  it("reads a header with units in brackets, half- or full-width", () => {
    const { rows, problems } = rowsFromTable([
      ["项目名称", "计量单位", "工程量", "综合单价（元）"],
      ["防水", "m²", "10", "35"],
    ]);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ item: "防水", unit: "m²", quantity: "10", price: "35.00" }]);
    expect(
      rowsFromTable([
        ["名称", "单位", "数量 (m²)", "单价(元)"],
        ["防水", "m²", "10", "35"],
      ]).rows,
    ).toHaveLength(1);
  });

  it("reads columns by position when a header names only some of them", () => {
    // 单价 is not named: the header row is still skipped (it holds no numbers) and the four
    // columns are read in their usual order
    expect(
      rowsFromTable([
        ["项目名称", "计量单位", "工程量", "备注"],
        ["防水", "m²", "10", "35"],
      ]),
    ).toEqual({
      rows: [{ item: "防水", unit: "m²", quantity: "10", price: "35.00" }],
      problems: [],
    });
  });

  it("skips a leading 序号 column, named or by its numbers, and keeps a first column of words", () => {
    expect(
      rowsFromTable([
        ["1", "防水", "m²", "10", "35"],
        ["2", "外墙", "m²", "5", "20"],
      ]).rows.map((r) => r.item),
    ).toEqual(["防水", "外墙"]);
    expect(
      rowsFromTable([
        ["序号", "项目", "单位", "数量", "单价"],
        ["一", "防水", "m²", "10", "35"],
      ]).rows.map((r) => r.item),
    ).toEqual(["防水"]);
    expect(
      rowsFromTable([
        ["防水", "m²", "10", "35"],
        ["外墙", "m²", "5", "20"],
      ]).rows.map((r) => r.item),
    ).toEqual(["防水", "外墙"]);
  });

  it("keeps the first row as data when it holds numbers, and refuses a table of blanks or only a header", () => {
    expect(rowsFromTable([["防水", "m²", "10", "35"]]).rows).toHaveLength(1);
    expect(rowsFromTable([["", " "], []])).toEqual({
      rows: [],
      problems: [{ line: 1, code: "boq_table_empty" }],
    });
    expect(rowsFromTable([["项目", "单位", "数量", "单价"]])).toEqual({
      rows: [],
      problems: [{ line: 1, code: "boq_table_empty" }],
    });
  });

  it("refuses a table over the line limit at the first line too many", () => {
    const body = Array.from({ length: BOQ_MAX_LINES + 1 }, (_, i) => [`项 ${i}`, "项", "1", "1"]);
    const { rows, problems } = rowsFromTable([["项目", "单位", "数量", "单价"], ...body]);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: BOQ_MAX_LINES + 2, code: "too_many_lines" }]);
    expect(rowsFromTable(body.slice(0, BOQ_MAX_LINES)).problems).toEqual([]);
  });

  it("splits pasted text on any line ending and trims each cell", () => {
    expect(
      rowsFromPaste(" 防水 \t m² \t 10 \t 35 \r\n外墙\tm²\t5\t20\r涂料\tkg\t1\t2").rows,
    ).toEqual([
      { item: "防水", unit: "m²", quantity: "10", price: "35.00" },
      { item: "外墙", unit: "m²", quantity: "5", price: "20.00" },
      { item: "涂料", unit: "kg", quantity: "1", price: "2.00" },
    ]);
  });
});
