import { db } from "~/db.server";
import { catalogueEntry } from "~/domain/catalogue";
import { DomainError } from "~/domain/errors";
import { mergeProblem, rankMenu } from "~/domain/needs";
import { menuNeeds } from "./menu.server";
import { audit } from "./audit.server";
import { requireHouseholdOfRound } from "./authorization.server";
import { getRound, requireAllowed, type ActorRef } from "./round-guards.server";

export type ProposeNeedInput = {
  roundId: number;
  householdId: number;
  catalogueKey: string | null;
  title: string;
  description: string;
};

export async function proposeNeed(input: ProposeNeedInput, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, input.roundId);
    await requireAllowed(tx, round, "propose_need", actor);
    await requireHouseholdOfRound(tx, round, input.householdId, actor);
    const entry = input.catalogueKey ? catalogueEntry(input.catalogueKey) : undefined;
    if (input.catalogueKey && (!entry || entry.key === "structural_reinforcement"))
      throw new DomainError("catalogue_unknown");
    const need = await tx.need.create({
      data: {
        roundId: round.id,
        catalogueKey: entry?.key ?? null,
        category: entry?.category ?? "improvement",
        alteration: entry?.alteration ?? false,
        title: input.title,
        description: input.description,
        proposedById: actor.id,
        householdId: input.householdId,
        supports: { create: { householdId: input.householdId, accountId: actor.id } },
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "need.propose",
      entity: "Need",
      entityId: need.id,
      roundId: round.id,
      after: { title: need.title, catalogueKey: need.catalogueKey, householdId: input.householdId },
    });
    return need;
  });
}

export async function supportNeed(needId: number, householdId: number, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const need = await tx.need.findUnique({ where: { id: needId } });
    if (!need) throw new DomainError("need_not_found", 404);
    const round = await getRound(tx, need.roundId);
    await requireAllowed(tx, round, "support_need", actor);
    await requireHouseholdOfRound(tx, round, householdId, actor);
    if (need.status !== "active") throw new DomainError("need_not_active");
    const existing = await tx.support.findUnique({
      where: { needId_householdId: { needId, householdId } },
    });
    if (existing) throw new DomainError("already_supported", 409);
    const s = await tx.support.create({ data: { needId, householdId, accountId: actor.id } });
    await audit(tx, {
      actorId: actor.id,
      action: "need.support",
      entity: "Support",
      entityId: s.id,
      roundId: round.id,
      after: { needId, householdId },
    });
    return s;
  });
}

/** Merge a duplicate into another need; its supports count for the other, each household once. */
export async function mergeNeeds(fromId: number, intoId: number, actor: ActorRef, reason?: string) {
  return db.$transaction(async (tx) => {
    const from = await tx.need.findUnique({ where: { id: fromId } });
    if (!from) throw new DomainError("need_not_found", 404);
    const round = await getRound(tx, from.roundId);
    await requireAllowed(tx, round, "merge_needs", actor);
    const { menu } = await menuNeeds(tx, round.id);
    const problem = mergeProblem(
      menu.find((n) => n.id === fromId),
      menu.find((n) => n.id === intoId),
    );
    if (problem) throw new DomainError(problem);
    await tx.need.update({ where: { id: fromId }, data: { status: "merged" } });
    const m = await tx.needMerge.create({
      data: { fromNeedId: fromId, intoNeedId: intoId, byId: actor.id, reason: reason ?? null },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "need.merge",
      entity: "Need",
      entityId: fromId,
      roundId: round.id,
      before: { status: "active" },
      after: { status: "merged", intoNeedId: intoId, mergeId: m.id },
    });
    return m;
  });
}

/** Freeze the menu: rank active needs by distinct supporting households and record the ranks. */
export async function freezeMenu(roundId: number, actor: ActorRef, now = new Date()) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, "freeze_menu", actor, now);
    const { menu, supports } = await menuNeeds(tx, roundId);
    const ranked = rankMenu(menu, supports);
    for (const r of ranked)
      await tx.need.update({ where: { id: r.id }, data: { menuRank: r.rank } });
    await tx.round.update({ where: { id: roundId }, data: { menuFrozenAt: now } });
    await audit(tx, {
      actorId: actor.id,
      action: "round.freeze_menu",
      entity: "Round",
      entityId: roundId,
      roundId,
      before: { menuFrozenAt: null },
      after: { menuFrozenAt: now.toISOString(), ranks: ranked },
      at: now,
    });
    return ranked;
  });
}

/** One need as its page shows it: what it asks, who supports it (counted), where it went if merged. */
export async function needDetail(roundId: number, needId: number) {
  const need = await db.need.findFirst({
    where: { id: needId, roundId },
    include: {
      round: { select: { id: true, title: true, titleEn: true, phase: true } },
      building: { select: { name: true } },
      mergedInto: { select: { intoNeedId: true } },
      _count: { select: { supports: true } },
    },
  });
  if (!need) throw new DomainError("need_not_found", 404);
  return {
    id: need.id,
    round: need.round,
    title: need.title,
    description: need.description,
    category: need.category,
    catalogueKey: need.catalogueKey,
    mandatory: need.mandatory,
    building: need.building?.name ?? null,
    status: need.status,
    mergedIntoId: need.mergedInto[0]?.intoNeedId ?? null,
    supporters: need._count.supports,
  };
}
