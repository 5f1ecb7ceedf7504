// Heads (人数) as Art. 278 counts them (docs/product.md §8), after the Supreme People's Court's
// interpretation on building distinct ownership, Arts. 8–9: one exclusive part is one head, but an
// owner of several parts in scope is one head with the areas summed, a co-owned part is one head,
// and the developer's or a public landlord's parts are one head (each is a single Owner). Owners
// linked through a shared flat fall into one head. A flat with no recorded owner is its own head,
// so a roster without owners counts exactly as it did when every flat was a head.

export type Flat = { id: number; areaCenti: number };
export type OwnershipLink = { ownerId: number; householdId: number };
export type Head = { id: number; areaCenti: number; flats: number[] };

/**
 * The head of each flat in scope: its representative, the lowest flat id of the head.
 * Ownerships of flats outside `flats` are ignored (an owner's flat elsewhere is not counted here).
 */
export function headOfFlats(flats: Flat[], ownerships: OwnershipLink[]): Map<number, number> {
  const parent = new Map(flats.map((f) => [f.id, f.id]));
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    while (parent.get(x) !== root) {
      const up = parent.get(x)!;
      parent.set(x, root);
      x = up;
    }
    return root;
  };
  // the lower root stays, so every root is the lowest flat id of its head
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  const firstFlatOf = new Map<number, number>();
  for (const { ownerId, householdId } of ownerships) {
    if (!parent.has(householdId)) continue;
    const first = firstFlatOf.get(ownerId);
    if (first === undefined) firstFlatOf.set(ownerId, householdId);
    else union(first, householdId);
  }
  return new Map(flats.map((f) => [f.id, find(f.id)]));
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
