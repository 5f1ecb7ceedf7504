import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { getRound } from "~/models/round-guards.server";
import { computeTally, parseTally } from "~/models/round-tally.server";
import { loader as roundLoader } from "~/routes/round";

// The seed closes its rounds through the domain's tally; recomputing from the stored ballots
// must give the frozen result, and the round page must show exactly that.
// the seeded demo: tests/setup.ts gives this file a copy of it (seeded once per run)

describe("the seed's closed rounds", () => {
  it("are tallied by the domain code, and the round page shows the frozen tally", async () => {
    const closed = await db.round.findMany({ where: { tallyJson: { not: null } } });
    expect(closed.length).toBeGreaterThanOrEqual(4);
    const outcomes = new Set<string>();
    for (const r of closed) {
      const frozen = parseTally(r.tallyJson)!;
      const recomputed = await db.$transaction(async (tx) =>
        computeTally(tx, await getRound(tx, r.id)),
      );
      const { receiptCodes, computedAt, ...tally } = frozen;
      expect(tally).toEqual(recomputed);
      expect(receiptCodes.length).toBe(recomputed.participatingHouseholds);
      expect(computedAt).toBe(r.closedAt!.toISOString());
      expect(r.winnerOptionId).toBe(recomputed.winnerOptionId);
      outcomes.add(r.phase);
      const page = await roundLoader({
        params: { roundId: String(r.id) },
        request: new Request(`http://x/rounds/${r.id}`),
        context: {},
      } as never);
      // the page shows the frozen tally, with the count of receipts in place of the codes
      expect(page.round.tally).toEqual({ ...tally, receiptCount: receiptCodes.length });
    }
    // adopted, failed and closed outcomes are all represented
    expect(outcomes).toEqual(new Set(["CONSTRUCTION", "ADOPTED", "FAILED", "CLOSED"]));
  });
});
