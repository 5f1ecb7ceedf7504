import { describe, expect, it } from "vitest";
import { take } from "./rate-limit.server";

describe("rate limits", () => {
  it("allows max hits per window and key, then refuses until the window passes", () => {
    const limit = { name: "test", max: 3, windowMs: 1000 };
    expect([1, 2, 3, 4].map(() => take(limit, "a", 0))).toEqual([true, true, true, false]);
    expect(take(limit, "b", 10)).toBe(true);
    expect(take(limit, "a", 999)).toBe(false);
    expect(take(limit, "a", 1000)).toBe(true);
    expect(take(limit, null, 0)).toBe(true);
  });
});
