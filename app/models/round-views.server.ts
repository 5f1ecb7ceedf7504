import { db, viewTransaction } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { rankMenu } from "~/domain/needs";
import {
  canAct,
  checklist,
  decisionWaits,
  participationKind,
  TRANSITIONS,
  type Actor,
  type Phase,
} from "~/domain/round-lifecycle";
import { rulesOfRound } from "~/domain/rules";
import { countsSnapshot } from "~/domain/roster";
import { denominators, missingToQuorum } from "~/domain/tally";
import { matterOutcome } from "./matter.server";
import { menuNeeds } from "./menu.server";
import { roundParticipation } from "./participation.server";
import { getRound, roundFacts, roundHeading } from "./round-guards.server";
import { computeTally, countedVersions, parseTally, shownTally } from "./round-tally.server";
import { roundHouseholdsWhere } from "./scope.server";

// What the round's pages read: the public overview, the street office's and the community
// worker's views, and the compounds a new round can be set in.

/** What the public round page shows: phase, deadlines, scope, menu, options, participation, result. */
export async function roundOverview(roundId: number) {
  const view = await viewTransaction(async (tx) => {
    const round = await tx.round.findUnique({
      where: { id: roundId },
      include: {
        compound: true,
        scopeItems: { include: { building: true, unit: { include: { building: true } } } },
        milestones: { orderBy: { date: "asc" }, include: { photos: true } },
      },
    });
    if (!round) throw new DomainError("round_not_found", 404);
    const [{ total }, needs, published, objections] = await Promise.all([
      roundParticipation(tx, round),
      menuNeeds(tx, roundId),
      countedVersions(tx, round),
      tx.objection.groupBy({ by: ["answeredAt"], where: { roundId }, _count: { _all: true } }),
    ]);
    const tally = parseTally(round.tallyJson);
    return {
      ...roundHeading(round),
      kind: round.kind,
      matterItem: round.matterItem,
      seats: round.seats,
      compound: { id: round.compound.id, name: round.compound.name, nameEn: round.compound.nameEn },
      scopeKind: round.scopeKind,
      scopeNames: round.scopeItems.map((s) =>
        s.unit ? `${s.unit.building.name}${s.unit.name}` : (s.building?.name ?? ""),
      ),
      deadlines: {
        orderingEndsAt: round.orderingEndsAt,
        cookingEndsAt: round.cookingEndsAt,
        tastingEndsAt: round.tastingEndsAt,
        objectionEndsAt: round.objectionEndsAt,
      },
      budgetCapFen: round.budgetCapFen,
      hideScores: round.hideScores,
      rules: rulesOfRound(round),
      menuFrozen: round.menuFrozenAt != null,
      ...total,
      // published from the day TASTING opens: the snapshot's heads and area, and the lines
      denominators: countsSnapshot(round.phase) ? denominators(rulesOfRound(round), total) : null,
      needs: rankMenu(needs.menu, needs.supports).map((r) => {
        const n = needs.needs.find((x) => x.id === r.id)!;
        return {
          id: n.id,
          title: n.title,
          catalogueKey: n.catalogueKey,
          category: n.category,
          mandatory: n.mandatory,
          supports: r.supporters,
        };
      }),
      options: published.map(({ option, version }) => ({
        id: option.id,
        code: option.code,
        kind: option.kind,
        title: version.title,
        description: version.description,
        totalFen: version.totalFen,
        durationDays: version.durationDays,
        version: version.version,
      })),
      tally: tally && shownTally(tally),
      objections: {
        total: objections.reduce((s, o) => s + o._count._all, 0),
        unanswered: objections
          .filter((o) => o.answeredAt == null)
          .reduce((s, o) => s + o._count._all, 0),
      },
      milestones: round.milestones.map((m) => ({
        id: m.id,
        kind: m.kind,
        date: m.date,
        note: m.note,
        photos: m.photos.map((p) => p.path),
      })),
    };
  });
  // with hideScores off, the running tally of the ballots so far is public while tasting; read
  // outside the transaction, so a page view never holds the write lock for it
  const live =
    view.phase === "TASTING" && !view.hideScores
      ? await computeTally(db, await getRound(db, roundId))
      : null;
  // a motion's 同意/反对/弃权 and an election's seats, once its tally is frozen
  const matter = view.kind !== "design" && view.tally ? await matterOutcome(roundId) : null;
  return { ...view, live, matter };
}

/** How many of these households are in the round's scope. */
export async function householdsInScopeCount(roundId: number, householdIds: number[]) {
  if (householdIds.length === 0) return 0;
  return viewTransaction(async (tx) => {
    const round = await getRound(tx, roundId);
    return tx.household.count({
      where: { AND: [roundHouseholdsWhere(round), { id: { in: householdIds } }] },
    });
  });
}

/** The street office's view of a round: facts, possible transitions with verdicts, objections. */
export async function manageView(roundId: number, actor: Actor) {
  return viewTransaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const facts = await roundFacts(tx, round);
    const [{ total }, objections, options] = await Promise.all([
      roundParticipation(tx, round),
      tx.objection.findMany({
        where: { roundId },
        orderBy: { createdAt: "asc" },
        include: { household: { include: { unit: { include: { building: true } } } } },
      }),
      // each option's latest version and where it stands: a gate that waits for an audit names
      // the options and their state (issue 29)
      tx.designOption.findMany({
        where: { roundId },
        orderBy: { code: "asc" },
        select: {
          id: true,
          code: true,
          versions: {
            orderBy: { version: "desc" },
            take: 1,
            select: { title: true, version: true, status: true },
          },
        },
      }),
    ]);
    const participation = { rules: rulesOfRound(round), ...total };
    const tally = parseTally(round.tallyJson);
    return {
      round: {
        ...roundHeading(round),
        tastingEndsAt: round.tastingEndsAt,
        objectionEndsAt: round.objectionEndsAt,
        extensionUsed: round.extensionUsed,
      },
      transitions: TRANSITIONS.map((action) => ({
        action,
        verdict: canAct(action, actor, facts),
        checklist: checklist(action, facts),
        // an extension is offered from the deadline on; before it, the deadline is moved instead
      })).filter(
        (t) =>
          t.verdict.ok ||
          (t.verdict.reason !== "wrong_phase" && t.verdict.reason !== "deadline_not_passed"),
      ),
      participation,
      missing: missingToQuorum(participation),
      outcome: tally ? (tally.winnerOptionId != null ? "ADOPTED" : "FAILED") : null,
      decisionWaits: decisionWaits(facts),
      options: options.flatMap((o) => o.versions.map((v) => ({ id: o.id, code: o.code, ...v }))),
      objections: objections.map((o) => ({
        id: o.id,
        text: o.text,
        answer: o.answer,
        createdAt: o.createdAt,
        answeredAt: o.answeredAt,
        address: `${o.household.unit.building.name}${o.household.unit.name}${o.household.room}`,
      })),
    };
  });
}

/** The community worker's view: needs to merge, households for paper ballots, milestones. */
export async function workView(roundId: number) {
  return viewTransaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const [menu, households, taking, published, milestones] = await Promise.all([
      menuNeeds(tx, roundId),
      tx.household.findMany({
        where: roundHouseholdsWhere(round),
        orderBy: [
          { unit: { building: { id: "asc" } } },
          { unitId: "asc" },
          { floor: "asc" },
          { room: "asc" },
        ],
        include: { unit: { include: { building: true } } },
      }),
      roundParticipation(tx, round),
      countedVersions(tx, round),
      tx.milestone.findMany({
        where: { roundId },
        orderBy: { date: "asc" },
        include: { photos: true },
      }),
    ]);
    const ranked = rankMenu(menu.menu, menu.supports);
    const byId = new Map(menu.needs.map((n) => [n.id, n]));
    const voted = new Set(
      participationKind(round.phase as Phase) === "ballots"
        ? taking.lines.filter((h) => h.took).map((h) => h.id)
        : [],
    );
    return {
      round: {
        ...roundHeading(round),
        kind: round.kind,
        seats: round.seats,
        menuFrozen: round.menuFrozenAt != null,
        tastingEndsAt: round.tastingEndsAt,
      },
      needs: ranked.map((r) => ({
        id: r.id,
        title: byId.get(r.id)!.title,
        mandatory: byId.get(r.id)!.mandatory,
        supporters: r.supporters,
      })),
      households: households.map((h) => ({
        id: h.id,
        building: h.unit.building.name,
        address: `${h.unit.building.name}${h.unit.name}${h.room}`,
        voted: voted.has(h.id),
      })),
      options: published.map(({ option, version }) => ({
        id: option.id,
        code: option.code,
        title: version.title,
      })),
      milestones: milestones.map((m) => ({
        id: m.id,
        kind: m.kind,
        date: m.date,
        note: m.note,
        photos: m.photos.map((p) => p.path),
      })),
    };
  });
}

/** The compounds a street office may start rounds in, with buildings and units for the scope. */
export async function compoundsOfStreet(streetId: number) {
  return db.compound.findMany({
    where: { community: { streetId } },
    orderBy: { id: "asc" },
    include: {
      buildings: { orderBy: { id: "asc" }, include: { units: { orderBy: { id: "asc" } } } },
    },
  });
}
