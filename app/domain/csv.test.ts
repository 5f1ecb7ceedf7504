import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvError, parseCsv } from "./csv";

describe("parseCsv", () => {
  it("reads what csv-stringify writes, whatever the fields hold", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "东", ",", '"', "\n", "\r\n", " ", "1") });
    // a row whose only field is empty is a blank line, which the reader skips
    const row = fc.array(field, { minLength: 1, maxLength: 6 }).filter((r) => r.join("") !== "");
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        expect(parseCsv("\uFEFF" + stringify(rows))).toEqual(rows);
      }),
    );
  });

  it("drops the byte-order mark, skips blank lines and keeps empty fields", () => {
    expect(parseCsv('\uFEFFhousehold,area_m2,option_A\r\nH-1,80.5,\r\n\r\nH-2,"60",4\n')).toEqual([
      ["household", "area_m2", "option_A"],
      ["H-1", "80.5", ""],
      ["H-2", "60", "4"],
    ]);
  });

  it("names the line of an unterminated quote", () => {
    expect(() => parseCsv('a,b\n1,"2\n3')).toThrow(CsvError);
    expect(() => parseCsv('a,b\n1,"2\n3')).toThrow("line 2");
  });
});
