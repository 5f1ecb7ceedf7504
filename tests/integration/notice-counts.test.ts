// The public notice prints how many flats the snapshot counted and how many receipts the close
// froze: counts, read as counts (the snapshot's rows counted, the receipts' count kept in the
// round's RoundTallySummary by the close), never the roster or the receipt list (issue 28).
import { describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { castBallot } from "#tests/fixtures/ballots";
import { transitionRound } from "~/models/round-transition.server";
import * as scope from "~/models/scope.server";
import { noticeOf } from "~/models/transparency.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

vi.mock("~/models/scope.server", async (original) => {
  const m = await original<typeof import("~/models/scope.server")>();
  return { ...m, roundRoster: vi.fn(m.roundRoster) };
});

const DAY = 86_400_000;

describe("the notice's counts", () => {
  it("come from the snapshot's count and the frozen summary, with no receipt list in the page", async () => {
    const start = Date.now();
    const place = await buildCompound({ buildings: 1, floors: 2, perFloor: 2 });
    const office = await buildAccount("street_office", { streetId: place.street.id });
    const { round, options } = await buildRound(place.compound.id, {
      phase: "COOKING",
      options: 1,
      menuFrozen: true,
      tastingEndsAt: new Date(start + 10 * DAY),
    });
    await transitionRound(round.id, "open_tasting", office, new Date(start));
    const voters = place.households.slice(0, 3);
    for (const h of voters) {
      const resident = await buildAccount("resident", { householdIds: [h.id] });
      await castBallot(
        { roundId: round.id, householdId: h.id, optionId: options[0].id, score: 5, comment: null },
        resident,
        new Date(start + DAY),
      );
    }
    await transitionRound(round.id, "close_round", office, new Date(start + 10 * DAY));
    // the close kept the receipts' count beside the participation figures
    const summary = await db.roundTallySummary.findUniqueOrThrow({ where: { roundId: round.id } });
    expect(summary.receipts).toBe(voters.length);

    vi.mocked(scope.roundRoster).mockClear();
    const notice = await noticeOf(round.id);
    expect(notice.receipts).toBe(voters.length);
    expect(notice.flats).toBe(place.households.length);
    expect(notice.tally).not.toHaveProperty("receiptCodes");
    expect(scope.roundRoster).not.toHaveBeenCalled();

    // the count printed is the summary's: a summary that says otherwise is what the notice shows
    await db.roundTallySummary.update({ where: { roundId: round.id }, data: { receipts: 99 } });
    expect((await noticeOf(round.id)).receipts).toBe(99);
  });
});
