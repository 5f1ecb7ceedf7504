import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { above, atLeast, compare, exact, frac, percent } from "./fraction";

describe("fractions", () => {
  it("compare exactly, by cross-multiplication", () => {
    expect(compare({ num: 2, den: 3 }, { num: 4, den: 6 })).toBe(0);
    expect(atLeast({ num: 2, den: 3 }, { num: 2, den: 3 })).toBe(true);
    expect(above({ num: 1, den: 2 }, { num: 1, den: 2 })).toBe(false);
    // products beyond 2^53, where floating-point cross-multiplication would call these equal
    expect(compare({ num: 2 ** 52 + 1, den: 2 ** 52 }, { num: 2 ** 52, den: 2 ** 52 - 1 })).toBe(
      -1,
    );
    expect(compare({ num: 0, den: 0 }, { num: 0, den: 1 })).toBe(0);
  });

  it("agree with rational order on small integers", () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.integer({ min: 1, max: 1000 }),
        fc.nat(1000),
        fc.integer({ min: 1, max: 1000 }),
        (a, b, c, d) => {
          expect(compare({ num: a, den: b }, { num: c, den: d })).toBe(Math.sign(a * d - c * b));
        },
      ),
    );
  });

  it("format a percentage rounded half up", () => {
    expect(percent({ num: 2, den: 3 })).toBe("66.67");
    expect(percent({ num: 1, den: 8 }, 1)).toBe("12.5");
    expect(percent({ num: 1, den: 200 }, 0)).toBe("1");
    expect(percent({ num: 0, den: 0 })).toBe("0.00");
  });

  it("treat a zero denominator as the fraction 0 on either side", () => {
    expect(compare(frac(5, 0), frac(1, 3))).toBe(-1);
    expect(compare(frac(1, 3), frac(5, 0))).toBe(1);
    expect(compare(frac(-1, 3), frac(7, 0))).toBe(-1);
    expect(compare(frac(7, 0), frac(-1, 3))).toBe(1);
    expect(atLeast(frac(3, 4), frac(2, 3))).toBe(true);
    expect(atLeast(frac(2, 3), frac(3, 4))).toBe(false);
    expect(above(frac(3, 4), frac(2, 3))).toBe(true);
  });

  it("pad the decimals of a percentage with zeros", () => {
    expect(percent(frac(1, 1000))).toBe("0.10");
    expect(percent(frac(1, 100_000), 3)).toBe("0.001");
    expect(percent(frac(1, 1))).toBe("100.00");
    expect(percent(frac(0, 0), 0)).toBe("0");
  });

  it("show a mean in lowest terms and rounded half up", () => {
    expect(exact(frac(28, 6))).toEqual({ reduced: "14/3", approx: "4.667" });
    expect(exact(frac(10, 2))).toEqual({ reduced: "5", approx: "5.000" });
    expect(exact(frac(9, 2), 0)).toEqual({ reduced: "9/2", approx: "5" });
    expect(exact(frac(1, 40), 2)).toEqual({ reduced: "1/40", approx: "0.03" });
    expect(exact(frac(1, 1000), 3)).toEqual({ reduced: "1/1000", approx: "0.001" });
    expect(exact(frac(3, 0))).toEqual({ reduced: "0", approx: "0.000" });
    expect(exact(frac(3, 0), 1)).toEqual({ reduced: "0", approx: "0.0" });
    // a negative numerator reduces by the positive divisor
    expect(exact(frac(-4, 6)).reduced).toBe("-2/3");
  });

  it("reduce any fraction to the same value in lowest terms", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (n, d) => {
          const { reduced } = exact(frac(n, d));
          const [rn, rd = "1"] = reduced.split("/");
          expect(Number(rn) * d).toBe(n * Number(rd));
          const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
          expect(gcd(Number(rn), Number(rd))).toBe(1);
        },
      ),
    );
  });
});
