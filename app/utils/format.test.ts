import { describe, expect, it } from "vitest";
import { dateTime, day, today } from "./format";

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
