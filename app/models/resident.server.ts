import { viewTransaction } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { receiptChannel } from "~/domain/receipt";
import { canAct, type Phase, type RoundAction } from "~/domain/round-lifecycle";
import { rankMenu } from "~/domain/needs";
import { rulesOfRound } from "~/domain/rules";
import type { CurrentAccount } from "./account.server";
import { milestonesOf } from "./construction.server";
import { menuNeeds } from "./menu.server";
import { sharesOfFlats } from "./version-shares.server";
import { expiredProxiedHouseholds, proxiedHouseholds } from "./owner.server";
import { getRound, roundFacts } from "./round-guards.server";
import { countedVersions } from "./round-tally.server";
import { rosterOfFlats, roundHouseholdsWhere } from "./scope.server";

const RESIDENT_ACTIONS: RoundAction[] = [
  "propose_need",
  "support_need",
  "cast_ballot",
  "file_objection",
  "rate_satisfaction",
];

/** Everything a resident sees and may do in one round, for each of their households in scope. */
export async function residentRoundView(
  account: CurrentAccount,
  roundId: number,
  now = new Date(),
) {
  return viewTransaction(async (tx) => {
    const round = await getRound(tx, roundId);
    // how the account stands to each flat: bound as owner or occupant, or an owner's proxy
    const [memberships, proxied, expired] = await Promise.all([
      tx.membership.findMany({
        where: { accountId: account.id },
        select: { householdId: true, relation: true },
      }),
      proxiedHouseholds(tx, roundId, account.id, now),
      expiredProxiedHouseholds(tx, roundId, account.id, now),
    ]);
    const relation = new Map<number, "owner" | "occupant" | "proxy" | "proxy_expired">(
      proxied.map((id) => [id, "proxy"]),
    );
    for (const m of memberships)
      if (account.householdIds.includes(m.householdId) && relation.get(m.householdId) !== "proxy")
        relation.set(m.householdId, m.relation === "occupant" ? "occupant" : "owner");
    // a proxy whose authorisation ran out is told so and when, not the tenant's text
    for (const id of expired.keys())
      if (!relation.has(id) || relation.get(id) === "occupant") relation.set(id, "proxy_expired");
    const [households, mine, facts, menu, published] = await Promise.all([
      tx.household.findMany({
        where: { AND: [roundHouseholdsWhere(round), { id: { in: [...relation.keys()] } }] },
        include: { unit: { include: { building: true } } },
        orderBy: { id: "asc" },
      }),
      // floor, area and head as the round counts them (its snapshot from TASTING on): the
      // viewer's flats and heads only, never the whole roster (decision 038)
      rosterOfFlats(tx, round, [...relation.keys()]),
      roundFacts(tx, round),
      menuNeeds(tx, roundId),
      countedVersions(tx, round),
    ]);
    const counted = mine.lines;
    if (households.length === 0) throw new DomainError("household_not_in_scope", 403);
    const ids = households.map((h) => h.id);
    // a ballot and its receipt are the head's, stored against its representative flat
    const headOf = (id: number) => counted.get(id)?.headId ?? id;
    const heads = [...new Set(ids.map(headOf))];
    const [supports, ballots, receipts, objections, ratings, milestones] = await Promise.all([
      tx.support.findMany({
        where: { householdId: { in: ids }, need: { roundId } },
        select: { needId: true, householdId: true },
      }),
      tx.ballot.findMany({ where: { roundId, householdId: { in: heads } } }),
      tx.receipt.findMany({ where: { roundId, householdId: { in: heads } } }),
      tx.objection.findMany({ where: { roundId, householdId: { in: heads } } }),
      tx.satisfactionRating.findMany({ where: { roundId, householdId: { in: ids } } }),
      milestonesOf(tx, roundId),
    ]);
    const ranked = rankMenu(menu.menu, menu.supports);
    const byId = new Map(menu.needs.map((n) => [n.id, n]));
    // a household's share of each option's residents' part (option.server owns the rule)
    const shareOf = await sharesOfFlats(
      tx,
      round,
      published.map((p) => p.version.id),
      ids,
    );
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
        kind: round.kind,
        matterItem: round.matterItem,
        seats: round.seats,
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
        description: version.description,
        totalFen: version.totalFen,
      })),
      households: households.map((h) => ({
        id: h.id,
        address: `${h.unit.building.name}${h.unit.name}${h.room}`,
        relation: relation.get(h.id) ?? "owner",
        // bound to the flat (owner or occupant), not only an owner's proxy
        member: memberships.some((m) => m.householdId === h.id),
        proxyExpiredAt: relation.get(h.id) === "proxy_expired" ? (expired.get(h.id) ?? null) : null,
        // the head the flat counts in: the page shows one ballot per head, naming its flats
        headId: headOf(h.id),
        areaCenti: counted.get(h.id)?.areaCenti ?? h.areaCenti,
        floor: counted.get(h.id)?.floor ?? h.floor,
        supports: supports.filter((s) => s.householdId === h.id).map((s) => s.needId),
        ballots: Object.fromEntries(
          ballots
            .filter((b) => b.householdId === headOf(h.id))
            .map((b) => [b.optionId, { score: b.score, comment: b.comment, channel: b.channel }]),
        ),
        receipt: receipts.find((r) => r.householdId === headOf(h.id))?.code ?? null,
        receiptChannel: receiptChannel(ballots.filter((b) => b.householdId === headOf(h.id))),
        // the flats in scope its one ballot counts for (an owner of several flats is one head)
        headFlats: mine.flatsOfHead.get(headOf(h.id)) ?? 0,
        // an objection is the head's, like its ballot
        objection: objections.find((o) => o.householdId === headOf(h.id)) ?? null,
        rating: ratings.find((r) => r.householdId === h.id)?.score ?? null,
        shares: Object.fromEntries(
          published.map(({ option, version }) => [
            option.id,
            shareOf.get(version.id)?.get(h.id) ?? 0,
          ]),
        ),
      })),
    };
  });
}
