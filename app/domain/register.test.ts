import { describe, expect, it } from "vitest";
import { REGISTER_COLUMNS, validateRegister } from "./register";

const header = [...REGISTER_COLUMNS];
const flats = {
  byAddress: new Map([
    ["1号楼|1单元|101", 11],
    ["1号楼|1单元|102", 12],
    ["1号楼|1单元|201", 13],
  ]),
  owned: new Set([13]),
};
const line = (over: Partial<Record<(typeof REGISTER_COLUMNS)[number], string>> = {}) => {
  const base: Record<string, string> = {
    building: "1号楼",
    unit: "1单元",
    room: "101",
    certificate_no: "鲁(2019)泰安市不动产权第0012345号",
    owners: "张三、李四",
    id_numbers: "370902198001011230、37090219820304003x",
    owner_kind: "person",
    area: "85.50",
    area_source: "register",
    ...over,
  };
  return REGISTER_COLUMNS.map((c) => base[c]);
};

describe("validateRegister", () => {
  it("reads co-owners with their ID numbers, the kind, the area and its source", () => {
    const { rows, errors } = validateRegister(
      [
        header,
        line(),
        line({
          room: "102",
          owners: "某开发公司",
          id_numbers: "",
          owner_kind: "开发商",
          area_source: "实测",
        }),
      ],
      flats,
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      flatId: 11,
      kind: "person",
      areaCenti: 8550,
      areaSource: "register",
      owners: [
        { name: "张三", idNumber: "370902198001011230" },
        { name: "李四", idNumber: "37090219820304003X" },
      ],
    });
    expect(rows[1]).toMatchObject({ flatId: 12, kind: "developer", areaSource: "survey" });
    expect(rows[1].owners).toEqual([{ name: "某开发公司", idNumber: null }]);
  });

  it("reports every bad line with its number, and imports none", () => {
    const { rows, errors } = validateRegister(
      [
        header,
        line({ room: "999" }),
        line({ room: "201" }),
        line({ certificate_no: "" }),
        line({ id_numbers: "370902198001011230" }),
        line({ id_numbers: "123、456" }),
        line({ owner_kind: "bank" }),
        line({ area: "abc" }),
        line({ area_source: "guess" }),
        line({ owners: "甲、乙", owner_kind: "developer", id_numbers: "" }),
        line(),
        line(),
      ],
      flats,
    );
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 2, code: "register_flat" },
      { line: 3, code: "register_owned" },
      { line: 4, code: "register_certificate" },
      { line: 5, code: "register_id_count" },
      { line: 6, code: "register_id" },
      { line: 7, code: "register_kind" },
      { line: 8, code: "roster_area" },
      { line: 9, code: "register_area_source" },
      { line: 10, code: "register_owners" },
      { line: 12, code: "roster_duplicate" },
    ]);
  });

  it("refuses a wrong header or an empty file at line 1", () => {
    expect(validateRegister([["building", "unit"]], flats).errors).toEqual([
      { line: 1, code: "register_header" },
    ]);
    expect(validateRegister([header], flats).errors).toEqual([{ line: 1, code: "roster_empty" }]);
  });
});
