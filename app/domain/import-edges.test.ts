import { describe, expect, it } from "vitest";
import { CsvError, parseCsv } from "./csv";
import { countsSnapshot, validateRoster } from "./roster";

describe("parseCsv: line numbers and endings", () => {
  it("counts lines inside quoted fields and across CRLF endings when naming an open quote", () => {
    const at = (text: string) => {
      try {
        parseCsv(text);
        return null;
      } catch (e) {
        return e instanceof CsvError ? [e.line, e.name, e.message] : e;
      }
    };
    expect(at('a\r\nb\r\nc,"open')).toEqual([3, "CsvError", "line 3: unterminated quoted field"]);
    expect(at('a,"two\nlines"\nb\nc,"open')).toEqual([
      4,
      "CsvError",
      "line 4: unterminated quoted field",
    ]);
    expect(at('a\rb\r"open')).toEqual([3, "CsvError", "line 3: unterminated quoted field"]);
  });

  it("keeps a byte-order mark that is not at the start, and a quote inside a field", () => {
    expect(parseCsv("\uFEFFa,b\uFEFF")).toEqual([["a", "b\uFEFF"]]);
    expect(parseCsv('a,b"c"\n')).toEqual([["a", 'b"c"']]);
    expect(parseCsv('"x""y",z')).toEqual([['x"y', "z"]]);
  });

  it("ends the last row without a line break, and keeps a last empty field", () => {
    expect(parseCsv("a,b")).toEqual([["a", "b"]]);
    expect(parseCsv("a,")).toEqual([["a", ""]]);
    expect(parseCsv("a\n")).toEqual([["a"]]);
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("a\r\n\r\nb")).toEqual([["a"], ["b"]]);
  });
});

const header = ["building", "unit", "room", "floor", "area", "owner_name", "phone"];
const existing = { buildings: new Map([["1号楼", 6]]), rooms: new Set<string>() };
const good = ["1号楼", "1单元", "101", "6", "85.5", "张三", "13800000000"];
const codeOf = (cells: string[]) =>
  validateRoster([header, cells], existing).errors.map((e) => e.code);
const withCell = (i: number, v: string) => good.map((c, k) => (k === i ? v : c));

describe("roster import: each cell's limits", () => {
  it("reads a header in any case with spaces, and trims every cell", () => {
    const r = validateRoster(
      [header.map((h) => ` ${h.toUpperCase()} `), good.map((c) => ` ${c} `)],
      existing,
    );
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ building: "1号楼", unit: "1单元", room: "101", floor: 6 });
  });

  it("refuses a header with any column wrong or missing", () => {
    expect(validateRoster([header.slice(0, 6), good], existing).errors).toEqual([
      { line: 1, code: "roster_header" },
    ]);
    expect(validateRoster([[...header.slice(0, 6), "mobile"], good], existing).errors).toEqual([
      { line: 1, code: "roster_header" },
    ]);
    expect(validateRoster([], existing).errors).toEqual([{ line: 1, code: "roster_header" }]);
  });

  it("takes 5,000 rows and refuses 5,001", () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ["1号楼", "1单元", `${i + 1}`, "1", "50", "王", ""]);
    expect(validateRoster([header, ...rows(5000)], existing).errors).toEqual([]);
    expect(validateRoster([header, ...rows(5001)], existing).errors).toEqual([
      { line: 1, code: "roster_too_long" },
    ]);
  });

  it("needs exactly seven cells", () => {
    expect(codeOf(good.slice(0, 6))).toEqual(["roster_columns"]);
    expect(codeOf([...good, "x"])).toEqual(["roster_columns"]);
  });

  it("takes a unit and room of up to 20 characters", () => {
    expect(codeOf(withCell(1, "单".repeat(20)))).toEqual([]);
    expect(codeOf(withCell(1, "单".repeat(21)))).toEqual(["roster_unit_room"]);
    expect(codeOf(withCell(2, "9".repeat(20)))).toEqual([]);
    expect(codeOf(withCell(2, "9".repeat(21)))).toEqual(["roster_unit_room"]);
    expect(codeOf(withCell(2, ""))).toEqual(["roster_unit_room"]);
  });

  it("takes floors 1 to the building's top floor, written as digits", () => {
    expect(codeOf(withCell(3, "1"))).toEqual([]);
    for (const bad of ["0", "7", "-1", "2.0", "1f", "0001"])
      expect(codeOf(withCell(3, bad)), bad).toEqual(["roster_floor"]);
  });

  it("takes areas from 1 to 2,000 m² with at most two decimals", () => {
    for (const ok of ["1", "2000", "85.55"]) expect(codeOf(withCell(4, ok)), ok).toEqual([]);
    for (const bad of ["0.99", "2000.01", "85.555", "x"])
      expect(codeOf(withCell(4, bad)), bad).toEqual(["roster_area"]);
  });

  it("takes an owner name of up to 40 characters and a phone of 5–20 digits", () => {
    expect(codeOf(withCell(5, "名".repeat(40)))).toEqual([]);
    expect(codeOf(withCell(5, "名".repeat(41)))).toEqual(["roster_owner"]);
    expect(codeOf(withCell(6, "+86-138-0000-0000"))).toEqual([]);
    expect(codeOf(withCell(6, "1234"))).toEqual(["roster_phone"]);
    expect(codeOf(withCell(6, "tel 13800000000"))).toEqual(["roster_phone"]);
    expect(codeOf(withCell(6, "13800000000 ext"))).toEqual(["roster_phone"]);
    expect(validateRoster([header, withCell(6, "")], existing).rows[0].phone).toBeNull();
  });
});

describe("the snapshot's phases", () => {
  it("counts the snapshot from tasting on, the live roster before", () => {
    expect(["DRAFT", "ORDERING", "COOKING"].map(countsSnapshot)).toEqual([false, false, false]);
    expect(["TASTING", "CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"].map(countsSnapshot)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
