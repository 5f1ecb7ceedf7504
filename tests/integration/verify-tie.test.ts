import { parse } from "csv-parse/sync";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { winnerOverRunnerUp } from "~/domain/tally";
import { verifyExports, type ExportedRules } from "~/domain/verify";
import { castBallots } from "#tests/fixtures/ballots";
import { parseTally } from "~/models/round-tally.server";
import { transitionRound } from "~/models/round-transition.server";
import { ballotsSheet, rulesExport } from "~/models/transparency.server";
import { toCsv } from "~/utils/sheets.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

// verify-round breaks a full tie as the server does (the lower option id), whatever order the
// export's rows, columns and options come in (issue 12: "verify-round uses the server's tie-break").

const DAY = 86_400_000;

/** A small deterministic shuffle, so a failure names the seed that produced it. */
function shuffled<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The exports with rows, score columns and published options each in another order. */
function reordered(csv: string, exported: ExportedRules, seed: number) {
  const [header, ...rows] = parse(csv.replace(/^\uFEFF/, ""), {
    skip_empty_lines: true,
  }) as string[][];
  const scoreColumns = shuffled(
    header.map((_, i) => i).filter((i) => header[i].startsWith("option_")),
    seed,
  );
  const columns = [
    ...header.map((_, i) => i).filter((i) => !header[i].startsWith("option_")),
    ...scoreColumns,
  ];
  const pick = (r: string[]) => columns.map((i) => r[i] ?? "").join(",");
  const text = [pick(header), ...shuffled(rows, seed + 1).map(pick)].join("\n");
  const rules: ExportedRules = {
    ...exported,
    published: { ...exported.published, options: shuffled(exported.published.options, seed + 2) },
  };
  return { csv: text, rules };
}

describe("verify-round and a full tie", () => {
  it("picks the server's winner when two options tie on every figure, in any export order", async () => {
    const place = await buildCompound({ buildings: 1, floors: 3, perFloor: 2 });
    const office = await buildAccount("street_office", { streetId: place.street.id });
    const { round, options } = await buildRound(place.compound.id, {
      phase: "COOKING",
      options: 3,
      menuFrozen: true,
      tastingEndsAt: new Date(Date.now() + 10 * DAY),
    });
    // the same cost for all three, so cost cannot decide (a test's given, written directly)
    await db.optionVersion.updateMany({
      where: { optionId: { in: options.map((o) => o.id) } },
      data: { totalFen: 300_000 },
    });
    await transitionRound(round.id, "open_tasting", office);
    const [a, b, c] = options;
    for (const [i, h] of place.households.entries()) {
      const resident = await buildAccount("resident", { householdIds: [h.id] });
      const score = 4 + (i % 2);
      // B and C get the same scores from the same households (same mean, same agreeing area); A less
      await castBallots(
        {
          roundId: round.id,
          householdId: h.id,
          scores: [
            { optionId: a.id, score: 3 },
            { optionId: b.id, score },
            { optionId: c.id, score },
          ],
        },
        resident,
      );
    }
    await transitionRound(round.id, "close_round", office, new Date(Date.now() + 10 * DAY));
    const published = parseTally(
      (await db.round.findUniqueOrThrow({ where: { id: round.id } })).tallyJson,
    )!;
    // the server's last tie-break: the lower id (B) before C, and the notice names it
    expect(published.winnerOptionId).toBe(b.id);
    expect(winnerOverRunnerUp(published)).toMatchObject({
      winner: { optionId: b.id },
      runnerUp: { optionId: c.id },
      decidedBy: "option_order",
    });

    const csv = toCsv(await ballotsSheet(round.id));
    const exported = await rulesExport(round.id);
    expect(exported.published.winner).toBe("B");
    let cOptionFirst = false;
    for (let seed = 1; seed <= 12; seed++) {
      const { csv: text, rules } = reordered(csv, exported, seed);
      const codes = rules.published.options.map((o) => o.code);
      cOptionFirst ||= codes.indexOf("C") < codes.indexOf("B");
      const v = verifyExports(text, JSON.stringify(rules));
      expect(
        v.figures.filter((f) => !f.match),
        `seed ${seed}`,
      ).toEqual([]);
      expect(v.figures.find((f) => f.key === "winner")?.recomputed, `seed ${seed}`).toBe("B");
    }
    // some of the orders put C first: breaking the tie by position would have picked C there
    expect(cOptionFirst).toBe(true);

    // the command itself, on one such order
    const dir = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "verify-tie-"));
    const seed = [...Array(12).keys()]
      .map((k) => k + 1)
      .find((s) => {
        const codes = reordered(csv, exported, s).rules.published.options.map((o) => o.code);
        return codes.indexOf("C") < codes.indexOf("B");
      })!;
    const { csv: text, rules } = reordered(csv, exported, seed);
    writeFileSync(path.join(dir, "ballots.csv"), text);
    writeFileSync(path.join(dir, "rules.json"), JSON.stringify(rules));
    const run = spawnSync(
      "npx",
      [
        "tsx",
        "scripts/verify-round.ts",
        path.join(dir, "ballots.csv"),
        path.join(dir, "rules.json"),
      ],
      { encoding: "utf8" },
    );
    // a line of its own says MATCH (not MISMATCH)
    expect(run.stdout).toMatch(/^MATCH: /m);
    expect(run.stdout).toContain("winner B");
    expect(run.status).toBe(0);
  });
});
