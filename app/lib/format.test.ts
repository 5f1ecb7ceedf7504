import { describe, expect, it } from "vitest";
import { area, count, dateTime, day, money, today } from "./format";

describe("dates", () => {
  const at = new Date("2026-03-04T02:30:00Z"); // 4 March 2026, 10:30 in China

  it("English dates put the day before the month, with the month's name", () => {
    expect(day(at, "en")).toBe("4 Mar 2026");
    expect(dateTime(at, "en")).toMatch(/^4 Mar 2026,? 10:30$/);
  });

  it("Chinese dates read year, month, day", () => {
    expect(day(at, "zh-CN")).toBe("2026/03/04");
    expect(dateTime(at, "zh-CN")).toMatch(/^2026年3月4日 10:30$/);
  });

  it("today is China's date", () => {
    expect(today(new Date("2026-03-04T17:00:00Z"))).toBe("2026-03-05");
  });
});

describe("formatters", () => {
  it("are made once per language and kept: a page of figures does not rebuild them", () => {
    const made = { numbers: 0, dates: 0 };
    const { NumberFormat, DateTimeFormat } = Intl;
    Intl.NumberFormat = class extends NumberFormat {
      constructor(...args: ConstructorParameters<typeof NumberFormat>) {
        super(...args);
        made.numbers++;
      }
    } as typeof NumberFormat;
    Intl.DateTimeFormat = class extends DateTimeFormat {
      constructor(...args: ConstructorParameters<typeof DateTimeFormat>) {
        super(...args);
        made.dates++;
      }
    } as typeof DateTimeFormat;
    try {
      for (let i = 0; i < 50; i++) {
        for (const lang of ["zh-CN", "en"]) {
          area(12345 + i, lang);
          money(100 * i, lang);
          count(i, lang);
          day(new Date(2026, 0, 1 + i), lang);
          dateTime(new Date(2026, 0, 1 + i), lang);
        }
      }
      // each kind in each language at most once (fewer if an earlier test made it)
      expect(made.numbers).toBeLessThanOrEqual(6);
      expect(made.dates).toBeLessThanOrEqual(4);
    } finally {
      Intl.NumberFormat = NumberFormat;
      Intl.DateTimeFormat = DateTimeFormat;
    }
    // and what they write is unchanged by being kept
    expect(area(12345, "zh-CN")).toBe("123.45");
    expect(area(12345, "en")).toBe("123.45");
    expect(money(123456, "zh-CN")).toBe("¥1,234.56");
    expect(count(1234567, "en")).toBe("1,234,567");
    expect(day(new Date("2026-03-04T02:30:00Z"), "en")).toBe("4 Mar 2026");
  });
});
