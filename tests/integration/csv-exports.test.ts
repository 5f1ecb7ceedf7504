// Every CSV export neutralises cells that a spreadsheet would run as a formula: hostile text in
// every field a person types (need titles, option titles, bill-of-quantities rows, owner names
// and visit notes) comes out as text. The XLSX exports store text cells and were never affected.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { transitionRound } from "~/models/round-transition.server";
import { ballotsSheet, needsSheet, optionsSheet, tallySheet } from "~/models/transparency.server";
import { loader as doorsCsv } from "~/routes/doors-csv";
import { toCsv } from "~/utils/sheets.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

const HOSTILE = [
  '=HYPERLINK("http://evil.example","点这里")',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "+1+1",
  "-2+3",
  "\t=1+1",
  "\r=1+1",
  "＝1+1",
];

const cells = (csv: string) =>
  (parse(csv.replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][]).flat();

function expectNoFormula(csv: string, name: string) {
  const live = cells(csv).filter((c) => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(c));
  expect(live, name).toEqual([]);
}

describe("CSV exports", () => {
  it("neutralise formulas in needs, ballots, tally, BoQ and the door-to-door list", async () => {
    const { compound, households, street, community } = await buildCompound();
    const { round, options } = await buildRound(compound.id, {
      phase: "TASTING",
      options: 2,
      tastingEndsAt: new Date(Date.now() - 1000),
    });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    for (const title of HOSTILE)
      await db.need.create({
        data: {
          roundId: round.id,
          title,
          description: title,
          category: "improvement",
          proposedById: resident.id,
        },
      });
    await db.optionVersion.updateMany({
      where: { optionId: { in: options.map((o) => o.id) } },
      data: { title: HOSTILE[0] },
    });
    await db.boqLine.updateMany({ data: { item: HOSTILE[1], unit: HOSTILE[4] } });
    // the door-to-door list shows households that have not voted: household 1
    await db.household.update({
      where: { id: households[1].id },
      data: { ownerName: HOSTILE[2], phone: "+8613800138000" },
    });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    await db.visit.create({
      data: {
        roundId: round.id,
        householdId: households[1].id,
        outcome: "not_home",
        note: HOSTILE[5],
        byId: worker.id,
      },
    });
    await db.ballot.create({
      data: {
        roundId: round.id,
        optionId: options[0].id,
        householdId: households[0].id,
        score: 5,
        channel: "online",
        castById: resident.id,
      },
    });

    const needs = toCsv(await needsSheet(round.id));
    expect(needs).toContain(`'=HYPERLINK`);
    expectNoFormula(needs, "needs");
    const boq = toCsv(await optionsSheet(round.id));
    expect(boq).toContain(`'@SUM`);
    expectNoFormula(boq, "options (BoQ)");

    const doors = await doorsCsv({
      request: new Request(`http://localhost/rounds/${round.id}/doors.csv`, {
        headers: { Cookie: await cookieFor(worker.id) },
      }),
      params: { roundId: String(round.id) },
    } as never);
    const doorsText = await (doors as Response).text();
    expect(doorsText).toContain("'+1+1");
    // a phone number is a number to read, not a formula: it is kept as text with the same mark
    expectNoFormula(doorsText, "doors");

    const office = await buildAccount("street_office", { streetId: street.id });
    await transitionRound(round.id, "close_round", office);
    expectNoFormula(toCsv(await tallySheet(round.id)), "tally");
    expectNoFormula(toCsv(await ballotsSheet(round.id)), "ballots");
  });

  it("keep negative numbers as numbers", () => {
    const csv = toCsv({ name: "x", header: ["n"], rows: [[-5], ["-5"]] });
    expect(
      csv
        .replace(/^\uFEFF/, "")
        .split("\n")
        .slice(1, 3),
    ).toEqual(["-5", "'-5"]);
  });
});
