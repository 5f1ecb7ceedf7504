import { describe, expect, it } from "vitest";
import { validateRoster } from "./roster";

const header = ["building", "unit", "room", "floor", "area", "owner_name", "phone"];
const existing = { buildings: new Map([["1号楼", 6]]), rooms: new Set(["1号楼|1单元|101"]) };

describe("roster import validation", () => {
  it("accepts good rows and converts area to hundredths of m²", () => {
    const r = validateRoster(
      [header, ["1号楼", "1单元", "102", "1", "85.5", "张三", "13800000000"]],
      existing,
    );
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      {
        building: "1号楼",
        unit: "1单元",
        room: "102",
        floor: 1,
        areaCenti: 8550,
        ownerName: "张三",
        phone: "13800000000",
      },
    ]);
  });

  it("lists every bad row by line and imports nothing", () => {
    const r = validateRoster(
      [
        header,
        ["1号楼", "1单元", "102", "1", "85.5", "张三", ""],
        ["9号楼", "1单元", "103", "1", "85", "李四", ""],
        ["1号楼", "1单元", "104", "9", "85", "王五", ""],
        ["1号楼", "1单元", "105", "2", "85.555", "赵六", ""],
        ["1号楼", "1单元", "101", "1", "85", "钱七", ""],
        ["1号楼", "1单元", "102", "1", "85", "孙八", ""],
        ["1号楼", "1单元", "106", "1", "85", "", ""],
        ["1号楼", "1单元", "107", "1", "85", "周九", "not-a-phone!"],
      ],
      existing,
    );
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([
      { line: 3, code: "roster_building" },
      { line: 4, code: "roster_floor" },
      { line: 5, code: "roster_area" },
      { line: 6, code: "roster_exists" },
      { line: 7, code: "roster_duplicate" },
      { line: 8, code: "roster_owner" },
      { line: 9, code: "roster_phone" },
    ]);
  });

  it("refuses a wrong header or an empty file", () => {
    expect(validateRoster([["room", "area"]], existing).errors).toEqual([
      { line: 1, code: "roster_header" },
    ]);
    expect(validateRoster([header], existing).errors).toEqual([{ line: 1, code: "roster_empty" }]);
  });
});
