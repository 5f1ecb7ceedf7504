import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { residentShares } from "~/models/option.server";
import { residentRoundView } from "~/models/resident.server";
import { correctRosterEntry } from "~/models/round-roster.server";
import { transitionRound } from "~/models/round-transition.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

// The vote page reads the viewer's flats, not the roster (decision 038): each flat's share of a
// scored version is kept when TASTING opens (VersionShare) and kept again when a correction moves
// an area; the page shows the same figures as the shares computed over the whole roster.

const DAY = 86_400_000;

/** A round whose option A charges residents 1,000,000 fen by area, opened for tasting. */
async function tastingRound() {
  const place = await buildCompound({ floors: 3, perFloor: 2, area: (i) => 5000 + i * 100 });
  const office = await buildAccount("street_office", { streetId: place.street.id });
  const { round, options } = await buildRound(place.compound.id, {
    phase: "COOKING",
    options: 2,
    menuFrozen: true,
    tastingEndsAt: new Date(Date.now() + 10 * DAY),
  });
  const version = await db.optionVersion.findFirstOrThrow({ where: { optionId: options[0].id } });
  await db.fundingShare.create({
    data: { versionId: version.id, source: "residents", amountFen: 1_000_000 },
  });
  await transitionRound(round.id, "open_tasting", office);
  const me = await buildAccount("resident", { householdIds: [place.households[0].id] });
  return { ...place, office, round, options, version, me };
}

const shownShare = async (account: Awaited<ReturnType<typeof buildAccount>>, roundId: number) =>
  (
    await residentRoundView(
      {
        id: account.id,
        username: account.username,
        displayName: account.username,
        role: "resident",
        communityId: null,
        streetId: null,
        disciplines: [],
        householdIds: account.householdIds ?? [],
      },
      roundId,
    )
  ).households[0].shares;

describe("the vote page's shares", () => {
  it("are kept for every flat when TASTING opens and shown as computed over the roster", async () => {
    const { round, options, version, households, me } = await tastingRound();
    expect(await db.versionShare.count({ where: { roundId: round.id } })).toBe(
      households.length * options.length,
    );
    const computed = await residentShares(version.id);
    const shown = await shownShare(me, round.id);
    expect(shown[options[0].id]).toBe(computed.shares.get(households[0].id));
    expect(shown[options[0].id]).toBeGreaterThan(0);
    expect(shown[options[1].id]).toBe(0);
  });

  it("are kept again when a correction moves an area", async () => {
    const { round, options, version, households, office, me } = await tastingRound();
    const before = (await shownShare(me, round.id))[options[0].id];
    // another flat's area triples: this flat's part of the same total falls
    await correctRosterEntry(
      {
        roundId: round.id,
        householdId: households[1].id,
        floor: households[1].floor,
        areaCenti: households[1].areaCenti * 3,
        reason: "产权证面积录入错误",
      },
      office,
    );
    const after = (await shownShare(me, round.id))[options[0].id];
    expect(after).toBeLessThan(before);
    expect(after).toBe((await residentShares(version.id)).shares.get(households[0].id));
  });

  it("are computed over the roster for a round that kept none", async () => {
    const { round, options, version, households, me } = await tastingRound();
    const kept = await shownShare(me, round.id);
    await db.versionShare.deleteMany({ where: { roundId: round.id } });
    expect(await shownShare(me, round.id)).toEqual(kept);
    expect(kept[options[0].id]).toBe(
      (await residentShares(version.id)).shares.get(households[0].id),
    );
  });
});
