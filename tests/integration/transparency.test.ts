import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { differences, recompute } from "~/domain/verify";
import { cityDashboard } from "~/models/dashboard.server";
import { householdsInScopeWhere } from "~/models/scope.server";
import {
  ballotsSheet,
  needsSheet,
  optionsSheet,
  rulesExport,
  tallySheet,
} from "~/models/transparency.server";
import { toCsv, toXlsx } from "~/utils/sheets.server";

// the seeded demo: tests/setup.ts gives this file a copy of it (seeded once per run)

const closedRounds = () =>
  db.round.findMany({ where: { tallyJson: { not: null } }, orderBy: { id: "asc" } });
const records = (csv: string) =>
  parse(csv.replace(/^\uFEFF/, ""), {
    skip_empty_lines: true,
    relax_column_count: true,
  }) as string[][];

describe("exports and recomputation", () => {
  it("every closed round recomputes from its exports to the published tally", async () => {
    for (const r of await closedRounds()) {
      const csv = toCsv(await ballotsSheet(r.id));
      const exported = await rulesExport(r.id);
      expect(differences(recompute(records(csv), exported), exported), `round ${r.id}`).toEqual([]);
    }
  });

  it("reports a tampered export (one score changed) as a mismatch, through the command too", async () => {
    const dir = mkdtempSync(path.join(process.env.DIANCAI_TEST_DIR!, "verify-"));
    const round = (await closedRounds()).find((r) => r.phase === "CONSTRUCTION")!;
    const csv = toCsv(await ballotsSheet(round.id));
    const rules = path.join(dir, "rules.json");
    writeFileSync(rules, JSON.stringify(await rulesExport(round.id)));
    writeFileSync(path.join(dir, "ballots.csv"), csv);
    const ok = spawnSync(
      "npx",
      ["tsx", "scripts/verify-round.ts", path.join(dir, "ballots.csv"), rules],
      { encoding: "utf8" },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("MATCH");

    const rows = records(csv);
    // household, head, area_m2, then option A's score
    const line = rows.findIndex((r, i) => i > 0 && r[3] === "5");
    rows[line][3] = "1";
    const tampered = rows.map((r) => r.join(",")).join("\n");
    const exported = await rulesExport(round.id);
    expect(differences(recompute(rows, exported), exported)).toContain(
      `option A score sum: published ${exported.published.options[0].scoreSum}, recomputed ${exported.published.options[0].scoreSum - 4}`,
    );
    writeFileSync(path.join(dir, "tampered.csv"), tampered);
    const bad = spawnSync(
      "npx",
      ["tsx", "scripts/verify-round.ts", path.join(dir, "tampered.csv"), rules],
      { encoding: "utf8" },
    );
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("MISMATCH");
  });

  it("writes CSV with a BOM and Chinese intact, and XLSX with the right rows", async () => {
    const leyuan = (await closedRounds()).find((r) => r.phase === "CONSTRUCTION")!;
    const needs = toCsv(await needsSheet(leyuan.id));
    expect(needs.charCodeAt(0)).toBe(0xfeff);
    expect(needs).toContain("幸福食堂（50座）");
    const options = await optionsSheet(leyuan.id);
    expect(options.rows.some((r) => r.includes("幸福食堂装修及厨具（50座）"))).toBe(true);

    const sheet = await ballotsSheet(leyuan.id);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx(sheet)) as unknown as ArrayBuffer);
    const ws = book.worksheets[0];
    const inScope = await db.household.count({
      where: householdsInScopeWhere({ ...leyuan, scopeItems: [] }),
    });
    expect(ws.rowCount).toBe(inScope + 1);
    expect(ws.getRow(1).values).toEqual([undefined, ...sheet.header]);
    const tally = await tallySheet(leyuan.id);
    expect(tally.rows.filter((r) => r[11] === "yes")).toHaveLength(1);
  });

  it("never exports a name, phone number or household code", async () => {
    const owners = (await db.household.findMany({ select: { ownerName: true, phone: true } }))
      .flatMap((h) => [h.ownerName, h.phone ?? ""])
      .filter(Boolean);
    const codes = (await db.householdCode.findMany({ select: { code: true } })).map((c) => c.code);
    for (const r of await closedRounds()) {
      const all = [
        toCsv(await ballotsSheet(r.id)),
        toCsv(await tallySheet(r.id)),
        toCsv(await needsSheet(r.id)),
        toCsv(await optionsSheet(r.id)),
        JSON.stringify(await rulesExport(r.id)),
      ].join("\n");
      expect(owners.filter((o) => all.includes(o))).toEqual([]);
      expect(codes.filter((c) => all.includes(c))).toEqual([]);
    }
  });
});

describe("city dashboard", () => {
  it("equals the sums of the underlying rows", async () => {
    const d = await cityDashboard({});
    // renovation figures count design rounds; motions and elections have figures of their own
    const adopted = await db.round.findMany({
      where: { kind: "design", phase: { in: ["ADOPTED", "CONSTRUCTION"] } },
      include: { scopeItems: true },
    });
    const decided = (kind: string, phase: string) => db.round.count({ where: { kind, phase } });
    const reached = new Map<number, number>();
    for (const r of adopted)
      for (const h of await db.household.findMany({ where: householdsInScopeWhere(r) }))
        reached.set(h.id, h.areaCenti);
    const ratings = await db.satisfactionRating.findMany({
      where: { round: { phase: { in: ["ADOPTED", "CONSTRUCTION"] } } },
    });
    const elevatorRounds = await db.round.count({
      where: {
        id: { in: adopted.map((r) => r.id) },
        options: {
          some: {
            versions: {
              some: { status: "approved", needs: { some: { need: { catalogueKey: "elevator" } } } },
            },
          },
        },
      },
    });
    expect(d.figures).toEqual({
      roundsAdopted: adopted.length,
      compoundsRenovated: new Set(adopted.map((r) => r.compoundId)).size,
      householdsReached: reached.size,
      areaReachedCenti: [...reached.values()].reduce((a, b) => a + b, 0),
      elevatorsAdded: elevatorRounds,
      satisfactionSum: ratings.reduce((a, r) => a + r.score, 0),
      satisfactionCount: ratings.length,
      motionsAdopted: await decided("motion", "ADOPTED"),
      motionsFailed: await decided("motion", "FAILED"),
      electionsDecided:
        (await decided("election", "ADOPTED")) + (await decided("election", "FAILED")),
    });
    // the demo's decided election of 乐园小区
    expect(d.figures.electionsDecided).toBe(1);
    expect(d.figures.elevatorsAdded).toBe(1);
    expect(d.facilities.find((f) => f.key === "elderly_canteen")?.count).toBe(1);
    const tallied = await db.round.count({ where: { tallyJson: { not: null } } });
    expect(d.participation).toHaveLength(tallied);
    // the district filter keeps only that district's rounds
    const daiyue = await db.district.findFirstOrThrow({ where: { name: "岱岳区" } });
    const only = await cityDashboard({ districtId: daiyue.id });
    expect(only.figures.roundsAdopted).toBe(1);
    expect(only.figures.elevatorsAdded).toBe(1);
    expect((await cityDashboard({ year: 2020 })).figures.roundsAdopted).toBe(0);
  });
});
