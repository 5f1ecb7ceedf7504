import type { Tx } from "~/db.server";
import { countsSnapshot } from "~/domain/roster";
import { rulesOfRound } from "~/domain/rules";
import { tallyRound, type OptionKind, type Tally } from "~/domain/tally";
import type { ScopedRound } from "./round-guards.server";
import { takeSnapshot } from "./scope.server";

// What a round counts and the tally it freezes: the versions scored (frozen when TASTING opens
// with the roster snapshot) and the tally computed from them when the round closes.

/** The published version of each option still standing: its latest approved version. */
export async function publishedVersions(tx: Tx, roundId: number) {
  const options = await tx.designOption.findMany({
    where: { roundId, withdrawnAt: null },
    include: {
      versions: {
        where: { status: "approved" },
        orderBy: { version: "desc" },
        take: 1,
        include: { needs: true },
      },
    },
    orderBy: { code: "asc" },
  });
  return options
    .filter((o) => o.versions.length > 0)
    .map((o) => ({ option: o, version: o.versions[0] }));
}

/**
 * The versions residents score, with the kind that counts: from TASTING on, the versions and
 * kinds frozen when TASTING opened (ScoredOption); before, the published versions.
 */
export async function countedVersions(tx: Tx, round: { id: number; phase: string }) {
  if (!countsSnapshot(round.phase)) return publishedVersions(tx, round.id);
  const scored = await tx.scoredOption.findMany({
    where: { roundId: round.id },
    include: { option: true, version: { include: { needs: true } } },
    orderBy: { option: { code: "asc" } },
  });
  return scored.map((s) => ({ option: { ...s.option, kind: s.kind }, version: s.version }));
}

/**
 * When TASTING opens, what is counted is frozen: the households in scope with their unit, floor
 * and area (takeSnapshot), and each published version with its kind and total, as scored.
 */
export async function freezeWhatCounts(tx: Tx, round: ScopedRound) {
  await takeSnapshot(tx, round);
  const published = await publishedVersions(tx, round.id);
  await tx.scoredOption.createMany({
    data: published.map(({ option, version }) => ({
      roundId: round.id,
      optionId: option.id,
      versionId: version.id,
      kind: option.kind,
      totalFen: version.totalFen,
    })),
  });
}

/**
 * Compute the tally of a round from its snapshot: the households and areas copied when TASTING
 * opened, the versions and kinds scored, and the ballots of those households. Three set queries
 * however many households; the long ones come back as one JSON array each, because the JS query
 * engine costs far more per returned cell than SQLite does per row, and closing holds the lock.
 */
export async function computeTally(
  tx: Tx,
  round: Parameters<typeof rulesOfRound>[0] & { id: number },
): Promise<Tally> {
  const [[households], options, [ballots]] = await Promise.all([
    tx.$queryRaw<{ rows: string }[]>`
      SELECT json_group_array(json_array("householdId", "areaCenti")) AS "rows"
      FROM "RoundRosterEntry" WHERE "roundId" = ${round.id}`,
    tx.$queryRaw<{ id: number; kind: string; totalFen: number }[]>`
      SELECT "optionId" AS "id", "kind", "totalFen" FROM "ScoredOption"
      WHERE "roundId" = ${round.id} ORDER BY "optionId"`,
    tx.$queryRaw<{ rows: string }[]>`
      SELECT json_group_array(json_array(b."householdId", b."optionId", b."score")) AS "rows"
      FROM "Ballot" b
        JOIN "RoundRosterEntry" e ON e."roundId" = b."roundId" AND e."householdId" = b."householdId"
      WHERE b."roundId" = ${round.id}`,
  ]);
  return tallyRound({
    rules: rulesOfRound(round),
    households: (JSON.parse(households.rows) as [number, number][]).map(([id, areaCenti]) => ({
      id,
      areaCenti,
    })),
    options: options.map((o) => ({
      id: Number(o.id),
      kind: (o.kind === "alteration" ? "alteration" : "ordinary") as OptionKind,
      totalFen: Number(o.totalFen),
    })),
    ballots: (JSON.parse(ballots.rows) as [number, number, number][]).map(
      ([householdId, optionId, score]) => ({ householdId, optionId, score }),
    ),
  });
}

export type FrozenTally = Tally & { receiptCodes: string[]; computedAt: string };

export function parseTally(json: string | null): FrozenTally | null {
  return json ? (JSON.parse(json) as FrozenTally) : null;
}
