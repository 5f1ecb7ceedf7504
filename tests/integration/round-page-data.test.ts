import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { parseTally } from "~/models/round-tally.server";

// A page's data holds what it shows: the closed round page prints the tally, not the receipt
// codes (the receipts page checks one code at a time), so its hydration data must not carry them.
describe("the public round page of a closed round", () => {
  it("carries the tally and the count of receipts, never the codes", async () => {
    const closed = await db.round.findMany({ where: { tallyJson: { not: null } } });
    expect(closed.length).toBeGreaterThan(0);
    const { loader } = await import("~/routes/round");
    for (const r of closed) {
      const frozen = parseTally(r.tallyJson)!;
      const data = await loader({
        params: { roundId: String(r.id) },
        request: new Request(`http://localhost/rounds/${r.id}`),
        context: {},
      } as never);
      const json = JSON.stringify(data);
      expect(frozen.receiptCodes.length).toBeGreaterThan(0);
      for (const code of frozen.receiptCodes) expect(json).not.toContain(code);
      expect(data.round.tally).toMatchObject({
        participatingHouseholds: frozen.participatingHouseholds,
        winnerOptionId: frozen.winnerOptionId,
        receiptCount: frozen.receiptCodes.length,
      });
    }
  });
});
