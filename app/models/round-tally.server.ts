import { db, type Tx } from "~/db.server";
import { countsSnapshot } from "~/domain/roster";
import { rulesOfRound } from "~/domain/rules";
import { Prisma } from "~/generated/prisma/client";
import { sumHeads } from "~/domain/heads";
import { tallyRound, type OptionKind, type Tally } from "~/domain/tally";
import { keepShares } from "./version-shares.server";
import { packedRows } from "./packed-rows.server";
import { PUBLISHED_STATUS, publishedOption } from "./published-options.server";
import type { LoadedRound } from "./round-guards.server";
import { HEAD_OF_ENTRY, takeSnapshot } from "./scope.server";

// What a round counts and the tally it freezes: the versions scored (frozen when TASTING opens
// with the roster snapshot) and the tally computed from them when the round closes.

/** Each published option with its published version (published-options.server.ts). */
export async function publishedVersions(tx: Tx, roundId: number) {
  const options = await tx.designOption.findMany({
    where: { roundId, ...publishedOption },
    include: {
      versions: {
        where: { status: PUBLISHED_STATUS },
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
export async function freezeWhatCounts(tx: Tx, round: LoadedRound) {
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
  await keepShares(tx, round);
}

/**
 * Compute the tally of a round from its snapshot: the households, their heads and areas copied
 * when TASTING opened, the versions and kinds scored, and the ballots of those heads. Three set
 * queries however many households (packedRows).
 */
export async function computeTally(
  tx: Tx,
  round: Parameters<typeof rulesOfRound>[0] & { id: number },
): Promise<Tally> {
  const [households, options, ballots] = await Promise.all([
    packedRows<[number, number, number]>(
      tx,
      Prisma.sql`"householdId", "areaCenti", ${HEAD_OF_ENTRY}`,
      Prisma.sql`FROM "RoundRosterEntry" e WHERE "roundId" = ${round.id}`,
    ),
    tx.$queryRaw<{ id: number; kind: string; totalFen: number }[]>`
      SELECT "optionId" AS "id", "kind", "totalFen" FROM "ScoredOption"
      WHERE "roundId" = ${round.id} ORDER BY "optionId"`,
    packedRows<[number, number, number]>(
      tx,
      Prisma.sql`b."householdId", b."optionId", b."score"`,
      Prisma.sql`FROM "Ballot" b
        JOIN "RoundRosterEntry" e ON e."roundId" = b."roundId" AND e."householdId" = b."householdId"
      WHERE b."roundId" = ${round.id}`,
    ),
  ]);
  return tallyRound({
    rules: rulesOfRound(round),
    // heads, each with the area of its flats; its ballot is stored against the head's id
    households: sumHeads(
      households.map(([id, areaCenti, headId]) => ({ id, areaCenti, headId })),
    ).map(({ id, areaCenti }) => ({ id, areaCenti })),
    options: options.map((o) => ({
      id: Number(o.id),
      kind: (o.kind === "alteration" ? "alteration" : "ordinary") as OptionKind,
      totalFen: Number(o.totalFen),
    })),
    ballots: ballots.map(([householdId, optionId, score]) => ({ householdId, optionId, score })),
  });
}

export type FrozenTally = Tally & { receiptCodes: string[]; computedAt: string };

/** The tally a close freezes, with the receipts of the households counted, sorted. */
async function closingTally(tx: Tx, round: Parameters<typeof computeTally>[1], now: Date) {
  const [tally, receipts] = await Promise.all([
    computeTally(tx, round),
    packedRows<[string]>(
      tx,
      Prisma.sql`r."code"`,
      Prisma.sql`FROM "Receipt" r
        JOIN "RoundRosterEntry" e ON e."roundId" = r."roundId" AND e."householdId" = r."householdId"
      WHERE r."roundId" = ${round.id}`,
    ),
  ]);
  const frozen: FrozenTally = {
    ...tally,
    receiptCodes: receipts.map(([code]) => code).sort(),
    computedAt: now.toISOString(),
  };
  return frozen;
}

/**
 * What a tally is computed from that can still move while the round is open: its rules, its
 * ballots (each cast or change adds a row or moves the count, the score sum, the last id or the
 * last change), its snapshot corrections and its receipts. Equal fingerprints, equal tally.
 */
async function tallyFingerprint(tx: Tx, round: Parameters<typeof computeTally>[1]) {
  const [f] = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT COUNT(*) AS "ballots", SUM("score") AS "scores", MAX("id") AS "lastId",
      MAX("updatedAt") AS "lastChange",
      (SELECT COUNT(*) FROM "RosterCorrection" c WHERE c."roundId" = ${round.id}) AS "corrections",
      (SELECT COUNT(*) FROM "Receipt" r WHERE r."roundId" = ${round.id}) AS "receipts"
    FROM "Ballot" WHERE "roundId" = ${round.id}`;
  return JSON.stringify([rulesOfRound(round), ...Object.values(f).map((v) => String(v))]);
}

export type ClosingRead = { fingerprint: string; frozen: FrozenTally };

/**
 * Read and compute the closing tally OUTSIDE the write transaction, so the close holds SQLite's
 * single write lock only to check and write. The fingerprint is taken before and after the reads;
 * if it moved while reading (a ballot in between), read again, a few times at most.
 */
export async function readClosingTally(
  round: Parameters<typeof computeTally>[1],
  now: Date,
): Promise<ClosingRead | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await tallyFingerprint(db, round);
    const frozen = await closingTally(db, round, now);
    if ((await tallyFingerprint(db, round)) === before) return { fingerprint: before, frozen };
  }
  return null;
}

/**
 * Inside the write transaction: the tally read outside it when nothing has moved since, else
 * the tally computed again here (correct, only slower).
 */
export async function confirmClosingTally(
  tx: Tx,
  round: Parameters<typeof computeTally>[1],
  read: ClosingRead | null,
  now: Date,
): Promise<FrozenTally> {
  if (read && (await tallyFingerprint(tx, round)) === read.fingerprint) return read.frozen;
  return closingTally(tx, round, now);
}

export function parseTally(json: string | null): FrozenTally | null {
  return json ? (JSON.parse(json) as FrozenTally) : null;
}

/** The tally as a page shows it: without the receipt list (the receipts page checks one code). */
export function shownTally(frozen: FrozenTally): Tally & { receiptCount: number } {
  const { receiptCodes, computedAt: _computedAt, ...tally } = frozen;
  return { ...tally, receiptCount: receiptCodes.length };
}
