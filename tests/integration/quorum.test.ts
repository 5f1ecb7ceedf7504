import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castBallot } from "#tests/fixtures/ballots";
import { doorList, quorumBoard, recordVisit } from "~/models/quorum.server";
import { getRound } from "~/models/round-guards.server";
import { computeTally } from "~/models/round-tally.server";
import { missingToQuorum } from "~/domain/tally";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

describe("reaching quorum", () => {
  it("the board agrees with the tally, and the door list is exactly the households still missing", async () => {
    const { compound, community, households, buildings } = await buildCompound({
      buildings: 2,
      units: 2,
      floors: 3,
      perFloor: 2,
      area: (i) => 5000 + ((i * 977) % 4000),
    });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(households.map((h) => h.id)),
        fc.boolean(),
        async (voters, unitScope) => {
          const scopeUnits = unitScope
            ? [buildings[0].units[0].id, buildings[1].units[1].id]
            : undefined;
          const { round, options } = await buildRound(compound.id, {
            phase: "TASTING",
            options: 1,
            scope: scopeUnits ? { unitIds: scopeUnits } : undefined,
          });
          for (const id of voters) {
            await castBallot(
              {
                roundId: round.id,
                householdId: id,
                optionId: options[0].id,
                score: 4,
                comment: null,
                paper: { sheetNo: `S${id}`, witness: "W" },
              },
              worker,
            ).catch((e) => {
              if (e.code !== "household_not_in_scope") throw e;
            });
          }
          const board = await quorumBoard(round.id);
          const tally = await db.$transaction(async (tx) =>
            computeTally(tx, await getRound(tx, round.id)),
          );
          expect(board.total).toMatchObject({
            scopeHouseholds: tally.scopeHouseholds,
            scopeAreaCenti: tally.scopeAreaCenti,
            participatingHouseholds: tally.participatingHouseholds,
            participatingAreaCenti: tally.participatingAreaCenti,
          });
          expect(board.missing).toEqual(missingToQuorum(tally));
          expect(board.units.reduce((s, u) => s + u.participatingHouseholds, 0)).toBe(
            tally.participatingHouseholds,
          );
          const inScope = households
            .filter((h) => !scopeUnits || scopeUnits.includes(h.unitId))
            .map((h) => h.id);
          const list = await doorList(round.id);
          expect(list.households.map((h) => h.id).sort((a, b) => a - b)).toEqual(
            inScope.filter((id) => !voters.includes(id)).sort((a, b) => a - b),
          );
        },
      ),
      { numRuns: 12 },
    );
  });

  it("records a visit with one audit entry, only while ordering or tasting, never shown publicly", async () => {
    const { compound, community, households } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const { round } = await buildRound(compound.id, { phase: "TASTING", options: 1 });
    const before = await db.auditLog.count();
    await recordVisit(round.id, households[0].id, "not_home", "晚上再来", worker);
    expect(await db.auditLog.count()).toBe(before + 1);
    expect(
      (await doorList(round.id)).households.find((h) => h.id === households[0].id)?.lastVisit,
    ).toMatchObject({ outcome: "not_home", note: "晚上再来" });
    const closed = await buildRound(compound.id, { phase: "CLOSED" });
    await expect(
      recordVisit(closed.round.id, households[0].id, "refused", null, worker),
    ).rejects.toMatchObject({ code: "reason_wrong_phase" });
    const elsewhere = await buildCompound();
    const other = await buildAccount("community_worker", { communityId: elsewhere.community.id });
    await expect(
      recordVisit(round.id, households[0].id, "refused", null, other),
    ).rejects.toMatchObject({ status: 403 });
  });
});
