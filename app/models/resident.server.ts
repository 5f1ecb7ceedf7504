import { db } from "~/db.server";
import { householdShares, type FloorTable } from "~/domain/cost-share";
import { DomainError } from "~/domain/errors";
import { canAct, type Phase, type RoundAction } from "~/domain/round-lifecycle";
import { rankMenu } from "~/domain/needs";
import { rulesOfRound } from "~/domain/rules";
import type { CurrentAccount } from "./account.server";
import { milestonesOf } from "./construction.server";
import { menuNeeds } from "./menu.server";
import { getRound, roundFacts } from "./round-guards.server";
import { countedVersions } from "./round-tally.server";
import { roundHouseholdsWhere, roundRoster } from "./scope.server";

const RESIDENT_ACTIONS: RoundAction[] = [
  "propose_need",
  "support_need",
  "cast_ballot",
  "file_objection",
  "rate_satisfaction",
];

/** Everything a resident sees and may do in one round, for each of their households in scope. */
export async function residentRoundView(account: CurrentAccount, roundId: number) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const [households, allInScope, facts, menu, published] = await Promise.all([
      tx.household.findMany({
        where: { AND: [roundHouseholdsWhere(round), { id: { in: account.householdIds } }] },
        include: { unit: { include: { building: true } } },
        orderBy: { id: "asc" },
      }),
      // shares are over the households and areas the round counts (its snapshot from TASTING on)
      roundRoster(tx, round),
      roundFacts(tx, round),
      menuNeeds(tx, roundId),
      countedVersions(tx, round),
    ]);
    const counted = new Map(allInScope.map((h) => [h.id, h]));
    if (households.length === 0) throw new DomainError("household_not_in_scope", 403);
    const ids = households.map((h) => h.id);
    const [supports, ballots, receipts, objections, ratings, funding, milestones] =
      await Promise.all([
        tx.support.findMany({
          where: { householdId: { in: ids }, need: { roundId } },
          select: { needId: true, householdId: true },
        }),
        tx.ballot.findMany({ where: { roundId, householdId: { in: ids } } }),
        tx.receipt.findMany({ where: { roundId, householdId: { in: ids } } }),
        tx.objection.findMany({ where: { roundId, householdId: { in: ids } } }),
        tx.satisfactionRating.findMany({ where: { roundId, householdId: { in: ids } } }),
        tx.fundingShare.findMany({
          where: { versionId: { in: published.map((p) => p.version.id) }, source: "residents" },
        }),
        milestonesOf(tx, roundId),
      ]);
    const ranked = rankMenu(menu.menu, menu.supports);
    const byId = new Map(menu.needs.map((n) => [n.id, n]));
    // a household's share of each option's residents' part
    const shareOf = new Map<string, number>();
    for (const { version } of published) {
      const residentsFen = funding.find((f) => f.versionId === version.id)?.amountFen ?? 0;
      const table = version.floorCoefficients
        ? (JSON.parse(version.floorCoefficients) as FloorTable)
        : undefined;
      const shares = householdShares(
        residentsFen,
        allInScope,
        version.shareMethod === "floor" ? "floor" : "area",
        table,
      );
      for (const id of ids) shareOf.set(`${version.optionId}:${id}`, shares.get(id) ?? 0);
    }
    const allowed = Object.fromEntries(
      RESIDENT_ACTIONS.map((a) => {
        const v = canAct(a, account, facts);
        return [a, v.ok ? null : v.reason];
      }),
    ) as Record<RoundAction, string | null>;
    return {
      round: {
        id: round.id,
        title: round.title,
        titleEn: round.titleEn,
        phase: round.phase as Phase,
        tastingEndsAt: round.tastingEndsAt,
        objectionEndsAt: round.objectionEndsAt,
        menuFrozen: round.menuFrozenAt != null,
        rules: rulesOfRound(round),
        winnerOptionId: round.winnerOptionId,
      },
      milestones,
      allowed,
      needs: ranked.map((r) => {
        const n = byId.get(r.id)!;
        return {
          id: n.id,
          title: n.title,
          description: n.description,
          category: n.category,
          catalogueKey: n.catalogueKey,
          mandatory: n.mandatory,
          supporters: r.supporters,
        };
      }),
      options: published.map(({ option, version }) => ({
        id: option.id,
        code: option.code,
        kind: option.kind,
        title: version.title,
        totalFen: version.totalFen,
      })),
      households: households.map((h) => ({
        id: h.id,
        address: `${h.unit.building.name}${h.unit.name}${h.room}`,
        areaCenti: counted.get(h.id)?.areaCenti ?? h.areaCenti,
        floor: counted.get(h.id)?.floor ?? h.floor,
        supports: supports.filter((s) => s.householdId === h.id).map((s) => s.needId),
        ballots: Object.fromEntries(
          ballots
            .filter((b) => b.householdId === h.id)
            .map((b) => [b.optionId, { score: b.score, comment: b.comment, channel: b.channel }]),
        ),
        receipt: receipts.find((r) => r.householdId === h.id)?.code ?? null,
        objection: objections.find((o) => o.householdId === h.id) ?? null,
        rating: ratings.find((r) => r.householdId === h.id)?.score ?? null,
        shares: Object.fromEntries(
          published.map(({ option }) => [option.id, shareOf.get(`${option.id}:${h.id}`) ?? 0]),
        ),
      })),
    };
  });
}
