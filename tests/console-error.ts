import { afterEach, beforeEach, expect, vi, type MockInstance } from "vitest";
import { log } from "~/lib/log.server";

// A test that makes the code log an error fails (as the Epic Stack's test setup fails one that
// logs console.error): an error that is logged and swallowed is a fault nobody sees. Errors are
// console.error and the app's log at level error or fatal (lib/log.server; silent in tests, so
// the spy is what sees them). A test that provokes one on purpose says so with expectErrorLogged.

let spies: { console: MockInstance; error: MockInstance; fatal: MockInstance };

beforeEach(() => {
  spies = {
    console: vi.spyOn(console, "error"),
    error: vi.spyOn(log, "error"),
    fatal: vi.spyOn(log, "fatal"),
  };
});

/** Each error logged so far: console.error's arguments, or the log line's message. */
function errorsLogged(): string[] {
  const text = (args: unknown[]) =>
    args
      .filter((a) => typeof a !== "object" || a === null || a instanceof Error)
      .map(String)
      .join(" ");
  return [
    ...spies.console.mock.calls.map((args) => text(args)),
    ...[...spies.error.mock.calls, ...spies.fatal.mock.calls].map((args) => text(args)),
  ];
}

afterEach(() => {
  const logged = errorsLogged();
  Object.values(spies).forEach((s) => s.mockRestore());
  expect(logged, "an error was logged during the test").toEqual([]);
});

/** The test expected exactly these errors to be logged (each matched by its start); they are cleared. */
export function expectErrorLogged(...starts: string[]) {
  const logged = errorsLogged();
  expect(logged).toHaveLength(starts.length);
  starts.forEach((start, i) => expect(logged[i].startsWith(start), logged[i]).toBe(true));
  Object.values(spies).forEach((s) => s.mockClear());
}
