import type { Tx } from "~/db.server";
import { countsSnapshot } from "~/domain/roster";
import { participationKind, type Phase } from "~/domain/round-lifecycle";
import { participation } from "~/domain/tally";
import { Prisma } from "~/generated/prisma/client";
import { packedRows } from "./packed-rows.server";
import { HEAD_OF_ENTRY, roundRoster, type RosterLine, type ScopedRound } from "./scope.server";

export type TakingPart = RosterLine & { took: boolean };

/**
 * Who a round counts and who took part: from TASTING on, the snapshot's households whose head
 * has a ballot on a scored option (as the tally counts them); before, the households in scope
 * supporting a need. Every board, page and precondition reads participation from here.
 */
export async function roundParticipation(tx: Tx, round: ScopedRound) {
  const lines = await takingPart(tx, round);
  return { lines, total: participation(lines) };
}

async function takingPart(tx: Tx, round: ScopedRound): Promise<TakingPart[]> {
  if (countsSnapshot(round.phase)) {
    const rows = await packedRows<number[]>(
      tx,
      Prisma.sql`e."householdId", ${HEAD_OF_ENTRY}, e."unitId", e."buildingId", e."floor",
        e."areaCenti",
        EXISTS (SELECT 1 FROM "ScoredOption" s
          JOIN "Ballot" b ON b."optionId" = s."optionId" AND b."householdId" = ${HEAD_OF_ENTRY}
          WHERE s."roundId" = e."roundId")`,
      Prisma.sql`FROM "RoundRosterEntry" e WHERE e."roundId" = ${round.id}`,
    );
    return rows
      .map(([id, headId, unitId, buildingId, floor, areaCenti, took]) => ({
        id,
        headId,
        unitId,
        buildingId,
        floor,
        areaCenti,
        took: Boolean(took),
      }))
      .sort((a, b) => a.id - b.id);
  }
  const roster = await roundRoster(tx, round);
  const kind = participationKind(round.phase as Phase);
  const ids = roster.map((h) => h.id);
  const took = new Set(
    kind === "supports"
      ? (
          await tx.support.findMany({
            where: { need: { roundId: round.id }, householdId: { in: ids } },
            select: { householdId: true },
            distinct: ["householdId"],
          })
        ).map((s) => s.householdId)
      : [],
  );
  return roster.map((h) => ({ ...h, took: took.has(h.id) }));
}
