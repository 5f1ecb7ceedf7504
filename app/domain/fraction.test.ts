import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { above, atLeast, compare, percent } from "./fraction";

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
});
