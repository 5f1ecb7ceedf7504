import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fenToYuanString, milliToString, toMilli, yuanToFen } from "./decimal";

describe("decimal input", () => {
  it("parses yuan to fen exactly", () => {
    expect(yuanToFen("386000")).toBe(38_600_000);
    expect(yuanToFen("0.1")).toBe(10);
    expect(yuanToFen("1,234.56")).toBe(123_456);
    for (const bad of ["", "-1", "1.234", "abc", "1e5", "123456789"])
      expect(yuanToFen(bad)).toBeNull();
  });
  it("understands 万 and 元 as people write them", () => {
    expect(yuanToFen("80万")).toBe(80_000_000);
    expect(yuanToFen("80万元")).toBe(80_000_000);
    expect(yuanToFen("38.65万")).toBe(38_650_000);
    expect(yuanToFen("0.000001万")).toBe(1);
    expect(yuanToFen("1200元")).toBe(120_000);
    expect(yuanToFen("¥1,200.50")).toBe(120_050);
    expect(yuanToFen("８０万")).toBe(80_000_000);
    for (const bad of ["万", "元", "80万万", "0.0000001万", "-5万", "80千", "12345万"])
      expect(yuanToFen(bad)).toBeNull();
  });
  it("parses quantities to thousandths", () => {
    expect(toMilli("1260")).toBe(1_260_000);
    expect(toMilli("0.125")).toBe(125);
    expect(toMilli("1.2345")).toBeNull();
  });
  it("round-trips", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (fen) => {
        expect(yuanToFen(fenToYuanString(fen))).toBe(fen);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (m) => {
        expect(toMilli(milliToString(m))).toBe(m);
      }),
    );
  });
});
