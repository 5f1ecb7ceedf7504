import { db, type Tx } from "~/db.server";
import { rankMenu, type MenuNeed } from "~/domain/needs";

/** A round's needs, their merges and supports, in the shape the domain ranks. */
export async function menuNeeds(tx: Tx, roundId: number) {
  const needs = await tx.need.findMany({ where: { roundId }, include: { mergedInto: true } });
  const menu: MenuNeed[] = needs.map((n) => ({
    id: n.id,
    status: n.status as MenuNeed["status"],
    mergedIntoId: n.mergedInto[0]?.intoNeedId ?? null,
    mandatory: n.mandatory,
    createdAt: n.createdAt,
  }));
  const supports = await tx.support.findMany({
    where: { need: { roundId } },
    select: { needId: true, householdId: true },
  });
  return { needs, menu, supports };
}

/** The menu as shown: active needs with distinct supporters, ranked. */
export async function menuOf(roundId: number) {
  return db.$transaction(async (tx) => {
    const { needs, menu, supports } = await menuNeeds(tx, roundId);
    const ranked = rankMenu(menu, supports);
    const byId = new Map(needs.map((n) => [n.id, n]));
    return ranked.map((r) => ({ ...r, need: byId.get(r.id)! }));
  });
}
