import type { Tx } from "~/db.server";
import { countsSnapshot } from "~/domain/roster";
import { participationKind, type Phase } from "~/domain/round-lifecycle";
import { participation } from "~/domain/tally";
import { roundRoster, type RosterLine, type ScopedRound } from "./scope.server";
import { Prisma } from "~/generated/prisma/client";
import { jsonArray, jsonGroupArray } from "./dialect.server";

export type TakingPart = RosterLine & { took: boolean };

/**
 * Who a round counts and who took part: from TASTING on, the snapshot's households with a ballot
 * on a scored option (as the tally counts them); before, the households in scope supporting a
 * need. Every board, page and precondition reads participation from here.
 */
export async function roundParticipation(tx: Tx, round: ScopedRound) {
  const lines = await takingPart(tx, round);
  return { lines, total: participation(lines) };
}

async function takingPart(tx: Tx, round: ScopedRound): Promise<TakingPart[]> {
  if (countsSnapshot(round.phase)) {
    // one JSON array rather than a row per household: see computeTally
    const [{ rows }] = await tx.$queryRaw<{ rows: string }[]>`
      SELECT ${jsonGroupArray(
        jsonArray(
          Prisma.sql`e."householdId"`,
          Prisma.sql`e."unitId"`,
          Prisma.sql`e."buildingId"`,
          Prisma.sql`e."floor"`,
          Prisma.sql`e."areaCenti"`,
          Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM "ScoredOption" s
            JOIN "Ballot" b ON b."optionId" = s."optionId" AND b."householdId" = e."householdId"
            WHERE s."roundId" = e."roundId") THEN 1 ELSE 0 END`,
        ),
      )} AS "rows"
      FROM "RoundRosterEntry" e WHERE e."roundId" = ${round.id}`;
    return (JSON.parse(rows) as number[][]).map(
      ([id, unitId, buildingId, floor, areaCenti, took]) => ({
        id,
        unitId,
        buildingId,
        floor,
        areaCenti,
        took: took > 0,
      }),
    );
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
