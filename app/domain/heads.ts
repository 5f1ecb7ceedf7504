// Heads (人数) as Art. 278 counts them (PRODUCT.md §8), after the Supreme People's Court's
// interpretation on building distinct ownership, Art. 9: one exclusive part is one head
// (一个专有部分按一人计算); the developer's unsold or undelivered parts are one head; the parts of the
// same purchaser (同一买受人拥有一个以上专有部分的) are one head. A flat's head is therefore the exact
// set of its owners of record: co-owners of one flat are one head; flats whose owner sets are
// identical are one head with their areas summed; the developer is one Owner, so its parts are one
// head. Sharing one co-owner does not join two flats (no chains: A+B, B+C and C are three heads).
// A flat with no owner of record is its own head, so a roster without owners counts every flat.
// This is the one spelling of the rule: the snapshot (scope.server.ts) copies what it decides, and
// the tally, the exports, verify-round and the denominators read the snapshot.

export type Flat = { id: number; areaCenti: number };
export type OwnershipLink = { ownerId: number; householdId: number };
export type Head = { id: number; areaCenti: number; flats: number[] };

/**
 * The owner set of each flat that has one, as a key: its owners' ids, distinct and ascending.
 * Two flats with the same key have the same purchaser. Flats absent from the map have no owner.
 */
export function ownerSetKeys(ownerships: OwnershipLink[]): Map<number, string> {
  const owners = new Map<number, Set<number>>();
  for (const { ownerId, householdId } of ownerships) {
    const set = owners.get(householdId) ?? new Set<number>();
    set.add(ownerId);
    owners.set(householdId, set);
  }
  return new Map(
    [...owners].map(([flat, set]) => [flat, [...set].sort((a, b) => a - b).join(",")]),
  );
}

/**
 * The head of each flat in scope: its representative, the lowest flat id of the head. Flats are
 * joined only when their owner sets are identical. Ownerships of flats outside `flats` are
 * ignored (an owner's flat elsewhere is not counted here).
 */
export function headOfFlats(flats: Flat[], ownerships: OwnershipLink[]): Map<number, number> {
  const keyOf = ownerSetKeys(ownerships);
  const inScope = new Set(flats.map((f) => f.id));
  const lowest = new Map<string, number>();
  for (const [flat, key] of keyOf)
    if (inScope.has(flat)) lowest.set(key, Math.min(flat, lowest.get(key) ?? flat));
  return new Map(
    flats.map((f) => {
      const key = keyOf.get(f.id);
      return [f.id, key === undefined ? f.id : lowest.get(key)!];
    }),
  );
}

/** Flats that carry their head's id, summed into heads ordered by id. */
export function sumHeads(flats: (Flat & { headId: number })[]): Head[] {
  const heads = new Map<number, Head>();
  for (const f of flats) {
    const head = heads.get(f.headId) ?? { id: f.headId, areaCenti: 0, flats: [] };
    head.areaCenti += f.areaCenti;
    head.flats.push(f.id);
    heads.set(f.headId, head);
  }
  return [...heads.values()].sort((a, b) => a.id - b.id);
}

/** The flats in scope grouped into heads, with the area each head holds. */
export function groupHeads(flats: Flat[], ownerships: OwnershipLink[]): Head[] {
  const headOf = headOfFlats(flats, ownerships);
  return sumHeads(flats.map((f) => ({ ...f, headId: headOf.get(f.id)! })));
}
