import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// deploy/diancai.service, the unit docs/operations.md installs: systemd's own checker accepts
// it without a single warning, and it says what the server needs — started again always, a
// SIGTERM to drain, a stop timeout longer than the drain's, readiness waited for.

const UNIT = "deploy/diancai.service";
const analyze = spawnSync("systemd-analyze", ["--version"]);
const hasSystemd = !analyze.error && analyze.status === 0;

/** `systemd-analyze verify` of a copy of the unit's text: its exit status and what it printed. */
function verify(text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-unit-"));
  const file = path.join(dir, "diancai.service");
  writeFileSync(file, text);
  const out = spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });
  return { status: out.status, printed: (out.stdout + out.stderr).trim() };
}

/** The unit's settings, by key (the last one given wins, as systemd reads it). */
function settings(text: string) {
  const out = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1], [...(out.get(m[1]) ?? []), m[2]]);
  }
  return out;
}

describe.skipIf(!hasSystemd)(
  `${UNIT} (skipped where systemd-analyze is not installed: apt-get install systemd)`,
  () => {
    const text = readFileSync(UNIT, "utf8");

    it("passes systemd-analyze verify with nothing to say", () => {
      expect(verify(text)).toEqual({ status: 0, printed: "" });
    });

    it("the check notices a misspelt or invalid setting (it can fail)", () => {
      expect(verify(text.replace(/^KillMode=/m, "KilMode=")).printed).toMatch(/Unknown key/);
      expect(verify(text.replace(/^Restart=always/m, "Restart=sometimes")).printed).toMatch(
        /restart specifier/,
      );
    });

    it("restarts always, drains on SIGTERM within its stop timeout, and waits for readiness", () => {
      const s = settings(text);
      expect(s.get("Restart")).toEqual(["always"]);
      expect(s.get("KillSignal")).toEqual(["SIGTERM"]);
      expect(s.get("KillMode")).toEqual(["control-group"]);
      // the primary gives the workers' drain SHUTDOWN_TIMEOUT_MS plus 5 s (server.mjs)
      const drainMs = Number(
        s
          .get("Environment")!
          .find((e) => e.startsWith("SHUTDOWN_TIMEOUT_MS="))!
          .split("=")[1],
      );
      expect(Number(s.get("TimeoutStopSec")![0]) * 1000).toBeGreaterThan(drainMs + 5_000);
      expect(s.get("ExecStartPost")).toEqual(["/usr/bin/node scripts/wait-ready.mjs"]);
      expect(s.get("ExecStart")).toEqual(["/usr/bin/node server.mjs"]);
    });
  },
);
