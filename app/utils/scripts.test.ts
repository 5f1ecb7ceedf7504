import { describe, expect, it } from "vitest";
import { NO_SCRIPTS, pageWantsScripts } from "./scripts";

describe("pageWantsScripts", () => {
  it("is false when any matched route's handle is NO_SCRIPTS, true otherwise", () => {
    expect(pageWantsScripts([{ handle: undefined }, { handle: NO_SCRIPTS }])).toBe(false);
    expect(pageWantsScripts([{ handle: undefined }, { handle: { other: 1 } }])).toBe(true);
    expect(pageWantsScripts([{ handle: null }, { handle: { scripts: true } }])).toBe(true);
    expect(pageWantsScripts([])).toBe(true);
  });
});
