import type { Tx } from "~/db.server";
import { parseServes, versionShares, type FloorTable } from "~/domain/cost-share";
import { DomainError } from "~/domain/errors";
import { countsSnapshot } from "~/domain/roster";
import { roundRoster, type RosterLine, type ScopedRound as RoundScope } from "./scope.server";

// Each flat's share of a scored version's residents' part (domain/cost-share owns the rule):
// computed for pages over the round's roster, and kept in VersionShare when TASTING opens and
// after a correction, so the vote page reads its own flats' rows (decision 038).

type VersionForShares = Awaited<ReturnType<typeof versionsForShares>>[number];

function versionsForShares(tx: Tx, versionIds: number[]) {
  return tx.optionVersion.findMany({
    where: { id: { in: versionIds } },
    include: {
      funding: { where: { source: "residents" } },
      lines: { select: { amountFen: true, serves: true }, orderBy: { position: "asc" } },
    },
  });
}

/** One version's shares over `households` (domain/cost-share owns the rule). */
function sharesOf(v: VersionForShares, households: RosterLine[]) {
  return versionShares(
    {
      residentsFen: v.funding[0]?.amountFen ?? 0,
      method: v.shareMethod === "floor" ? "floor" : "area",
      table: v.floorCoefficients ? (JSON.parse(v.floorCoefficients) as FloorTable) : undefined,
      serves: parseServes(v.serves),
      lines: v.lines.map((l) => ({ amountFen: l.amountFen, serves: parseServes(l.serves) })),
    },
    households,
  );
}

/**
 * Each household's share of each version's residents' part, over the households and areas the
 * round counts (its snapshot from TASTING on): the one place shares are computed for pages.
 */
export async function sharesOfVersions(tx: Tx, round: RoundScope, versionIds: number[]) {
  const [households, versions] = await Promise.all([
    roundRoster(tx, round),
    versionsForShares(tx, versionIds),
  ]);
  return new Map(versions.map((v) => [v.id, sharesOf(v, households)]));
}

/**
 * Compute and keep every flat's share of each scored version (VersionShare) over the snapshot:
 * when TASTING opens and when a correction moves a floor or an area. A version whose shares
 * cannot be computed (a line that costs residents something serves no flat in scope) keeps no
 * rows: pages then compute it as before, and say what is wrong (sharesOfVersions).
 */
export async function keepShares(tx: Tx, round: RoundScope) {
  const scored = await tx.scoredOption.findMany({
    where: { roundId: round.id },
    select: { versionId: true },
  });
  const [households, versions] = await Promise.all([
    roundRoster(tx, round),
    versionsForShares(
      tx,
      scored.map((s) => s.versionId),
    ),
  ]);
  await tx.versionShare.deleteMany({ where: { roundId: round.id } });
  const rows = [];
  for (const v of versions) {
    let shares: Map<number, number>;
    try {
      shares = sharesOf(v, households);
    } catch (e) {
      if (e instanceof DomainError) continue;
      throw e;
    }
    for (const [householdId, shareFen] of shares)
      rows.push({ roundId: round.id, versionId: v.id, householdId, shareFen });
  }
  await tx.versionShare.createMany({ data: rows });
}

/**
 * Some flats' shares of each version, as sharesOfVersions answers them: from TASTING on, the
 * kept rows of those flats (keepShares); a version without kept rows, and any version before
 * TASTING, computed over the whole roster.
 */
export async function sharesOfFlats(
  tx: Tx,
  round: RoundScope,
  versionIds: number[],
  householdIds: number[],
) {
  const out = new Map<number, Map<number, number>>();
  if (countsSnapshot(round.phase) && householdIds.length > 0) {
    const kept = await tx.versionShare.findMany({
      where: {
        roundId: round.id,
        versionId: { in: versionIds },
        householdId: { in: householdIds },
      },
      select: { versionId: true, householdId: true, shareFen: true },
    });
    for (const k of kept) {
      const m = out.get(k.versionId) ?? new Map<number, number>();
      m.set(k.householdId, k.shareFen);
      out.set(k.versionId, m);
    }
  }
  const missing = versionIds.filter((id) => !out.has(id));
  if (missing.length > 0)
    for (const [id, shares] of await sharesOfVersions(tx, round, missing)) out.set(id, shares);
  return out;
}
