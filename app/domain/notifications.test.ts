import { describe, expect, it } from "vitest";
import { dueReminder, eventKey, normaliseAddress, retryDelayMs } from "./notifications";

const DAY = 86_400_000;
const now = new Date("2026-05-10T08:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe("notifications", () => {
  it("wait 1, 5, 30 and then 120 minutes between attempts", () => {
    expect(retryDelayMs(0)).toBe(60_000);
    expect(retryDelayMs(1)).toBe(60_000);
    expect(retryDelayMs(2)).toBe(5 * 60_000);
    expect(retryDelayMs(3)).toBe(30 * 60_000);
    expect(retryDelayMs(4)).toBe(120 * 60_000);
    expect(retryDelayMs(9)).toBe(120 * 60_000);
  });

  it("remind 3 days and 1 day before a deadline, never after it", () => {
    expect(dueReminder(at(5 * DAY), now)).toBeNull();
    expect(dueReminder(at(3 * DAY + 1), now)).toBeNull();
    expect(dueReminder(at(3 * DAY), now)).toBe(3);
    expect(dueReminder(at(2 * DAY), now)).toBe(3);
    expect(dueReminder(at(DAY + 1), now)).toBe(3);
    expect(dueReminder(at(DAY), now)).toBe(1);
    expect(dueReminder(at(1), now)).toBe(1);
    expect(dueReminder(at(0), now)).toBeNull();
    expect(dueReminder(at(-DAY), now)).toBeNull();
  });

  it("key one message per event and its parts", () => {
    expect(eventKey("round_closed", 7, "household", 12)).toBe("round_closed:7:household:12");
    expect(eventKey("phase_opened")).toBe("phase_opened");
  });

  it("accept an e-mail address, normalised, and refuse what is not one", () => {
    expect(normaliseAddress("email", "  Li.Ming@Example.CN ")).toBe("li.ming@example.cn");
    expect(normaliseAddress("email", "li ming@example.cn")).toBeNull();
    expect(normaliseAddress("email", "li@example")).toBeNull();
    expect(normaliseAddress("email", "li@example.c")).toBeNull();
    expect(normaliseAddress("email", "<li@example.cn>")).toBeNull();
    expect(normaliseAddress("email", "@example.cn")).toBeNull();
    expect(normaliseAddress("email", `${"a".repeat(65)}@example.cn`)).toBeNull();
    expect(normaliseAddress("email", `${"a".repeat(64)}@example.cn`)).toBe(
      `${"a".repeat(64)}@example.cn`,
    );
    expect(normaliseAddress("email", `a@${"b".repeat(250)}.cn`)).toBeNull();
  });

  it("accept a mainland mobile number in the ways people write it", () => {
    expect(normaliseAddress("sms", "138 0013 8000")).toBe("13800138000");
    expect(normaliseAddress("sms", "+86 138-0013-8000")).toBe("13800138000");
    expect(normaliseAddress("sms", "8613800138000")).toBe("13800138000");
    expect(normaliseAddress("sms", " 13800138000 ")).toBe("13800138000");
    expect(normaliseAddress("sms", "12800138000")).toBeNull();
    expect(normaliseAddress("sms", "1380013800")).toBeNull();
    expect(normaliseAddress("sms", "138001380001")).toBeNull();
    expect(normaliseAddress("sms", "x13800138000")).toBeNull();
    expect(normaliseAddress("sms", "010-12345678")).toBeNull();
  });
});
