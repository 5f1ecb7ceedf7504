import { describe, expect, it } from "vitest";
import { BOQ_MAX_LINES, readBoqRows, rowsFromPaste, rowsFromTable } from "./boq";

const row = (item: string, unit: string, quantity: string, price: string) => ({
  item,
  unit,
  quantity,
  price,
});

describe("readBoqRows", () => {
  it("skips blank rows and numbers each problem by the row as shown", () => {
    const r = readBoqRows([
      row("防水卷材", "m²", "1260.125", "68.5"),
      row("", "", "", ""),
      row("拆除", "", "1.2345", "abc"),
      row(" 声控灯 ", "套", "12", "¥260"),
    ]);
    expect(r.lines).toEqual([
      { item: "防水卷材", unit: "m²", quantityMilli: 1260125, unitPriceFen: 6850 },
      { item: "声控灯", unit: "套", quantityMilli: 12000, unitPriceFen: 26000 },
    ]);
    expect(r.problems).toEqual([
      { line: 3, code: "boq_unit_required" },
      { line: 3, code: "boq_quantity_invalid" },
      { line: 3, code: "boq_price_invalid" },
    ]);
  });

  it("refuses a unit price over what a money column holds (MAX_FEN), takes one at it", () => {
    expect(readBoqRows([row("电梯", "台", "0.001", "21474836.48")]).problems).toEqual([
      { line: 1, code: "boq_price_too_large" },
    ]);
    expect(readBoqRows([row("电梯", "台", "1", "2147.483647万")]).lines).toEqual([
      { item: "电梯", unit: "台", quantityMilli: 1000, unitPriceFen: 2_147_483_647 },
    ]);
  });

  it("takes a 60-line bill and refuses more than the limit", () => {
    const bill = Array.from({ length: 60 }, (_, i) => row(`项目${i + 1}`, "项", "1", "100"));
    expect(readBoqRows(bill)).toMatchObject({ problems: [] });
    expect(readBoqRows(bill).lines).toHaveLength(60);
    const tooMany = Array.from({ length: BOQ_MAX_LINES + 1 }, () => row("a", "b", "1", "1"));
    expect(readBoqRows(tooMany).problems).toContainEqual({
      line: BOQ_MAX_LINES + 1,
      code: "too_many_lines",
    });
  });
});

describe("rowsFromTable and rowsFromPaste", () => {
  it("reads rows copied from a spreadsheet with a header, a 序号 column and a 合价 column", () => {
    const pasted =
      "序号\t项目\t单位\t数量\t单价（元）\t合价\n1\t屋面防水\tm²\t1,200\t68.50\t82200\n\n2\t落水管\tm\t300\t45\t13500\n";
    expect(rowsFromPaste(pasted)).toEqual({
      rows: [row("屋面防水", "m²", "1200", "68.50"), row("落水管", "m", "300", "45.00")],
      problems: [],
    });
  });

  it("finds the columns of a GB 50500 bill by their names, in any order", () => {
    const table = [
      ["序号", "项目编码", "项目名称", "项目特征", "计量单位", "工程量", "综合单价", "合价"],
      ["1", "010902001001", "屋面卷材防水", "SBS 4mm", "m2", "1260.5", "￥68.5", ""],
    ];
    expect(rowsFromTable(table).rows).toEqual([row("屋面卷材防水", "m2", "1260.5", "68.50")]);
  });

  it("reads four bare columns without a header", () => {
    expect(rowsFromTable([["外墙涂料", "m²", "800", "35元"]]).rows).toEqual([
      row("外墙涂料", "m²", "800", "35.00"),
    ]);
  });

  it("takes no row when one is wrong, and names the table's own lines", () => {
    const pasted = "项目\t单位\t数量\t单价\n屋面\tm²\t10\t5\n\n落水管\t\tten\t45\n";
    expect(rowsFromPaste(pasted)).toEqual({
      rows: [],
      problems: [
        { line: 4, code: "boq_unit_required" },
        { line: 4, code: "boq_quantity_invalid" },
      ],
    });
    expect(rowsFromPaste("\n \n").problems).toEqual([{ line: 1, code: "boq_table_empty" }]);
    expect(rowsFromPaste("项目\t单位\t数量\t单价").problems).toEqual([
      { line: 1, code: "boq_table_empty" },
    ]);
  });
});
