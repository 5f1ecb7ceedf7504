import { afterEach, beforeEach, expect, vi, type MockInstance } from "vitest";

// A test that makes the code log console.error fails (as the Epic Stack's test setup does): an
// error logged and swallowed is a fault nobody sees. The message is still printed. A test that
// expects an error to be logged says so: it checks `consoleError` and calls
// `consoleError.mockClear()` (or `expectConsoleError`) before it ends.

export let consoleError: MockInstance<typeof console.error>;

beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});

afterEach(() => {
  const calls = consoleError.mock.calls.map((args) => args.map(String).join(" "));
  consoleError.mockRestore();
  expect(calls, "console.error was called during the test").toEqual([]);
});

/** The test expected exactly these console.error lines (each matched by its start); they are cleared. */
export function expectConsoleError(...starts: (string | RegExp)[]) {
  const lines = consoleError.mock.calls.map((args) => String(args[0]));
  expect(lines).toHaveLength(starts.length);
  starts.forEach((s, i) =>
    typeof s === "string" ? expect(lines[i].startsWith(s)).toBe(true) : expect(lines[i]).toMatch(s),
  );
  consoleError.mockClear();
}
