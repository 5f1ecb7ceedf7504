// What the ballots export publishes (docs/decisions/005-ballot-privacy.md): a per-round
// pseudonym, the exact area and the scores; nothing else that points at a household.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { enterPaperSheet } from "~/models/ballot.server";
import { castBallots } from "#tests/fixtures/ballots";
import { transitionRound } from "~/models/round-transition.server";
import { ballotsSheet } from "~/models/transparency.server";
import en from "~/i18n/en.json";
import zh from "~/i18n/zh-CN.json";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";

describe("ballots export privacy", () => {
  it("publishes pseudonym, exact area and scores only; no channel, room or id", async () => {
    const { compound, households, street, community } = await buildCompound({
      area: (i) => 7000 + i * 37,
    });
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    await castBallots(
      {
        roundId: round.id,
        householdId: households[0].id,
        scores: [
          { optionId: options[0].id, score: 4, comment: "我家" },
          { optionId: options[1].id, score: 3 },
        ],
      },
      resident,
    );
    await enterPaperSheet(
      {
        roundId: round.id,
        householdId: households[1].id,
        sheetNo: "P-1",
        witness: "王五",
        scores: [{ optionId: options[1].id, score: 2 }],
      },
      worker,
    );
    await db.round.update({
      where: { id: round.id },
      data: { tastingEndsAt: new Date(Date.now() - 1) },
    });
    await transitionRound(
      round.id,
      "close_round",
      await buildAccount("street_office", { streetId: street.id }),
    );

    const sheet = await ballotsSheet(round.id);
    expect(sheet.header).toEqual(["household", "head", "area_m2", "option_A", "option_B"]);
    const text = JSON.stringify(sheet.rows);
    for (const never of [
      "paper",
      "online",
      "P-1",
      "王五",
      "我家",
      "101",
      "1号楼",
      String(households[0].id),
    ])
      expect(text, never).not.toContain(`"${never}"`);
    // the exact area is there, as the decision says, so the area majority can be recomputed
    expect(sheet.rows.map((r) => r[2]).sort()).toEqual([
      "70",
      "70.37",
      "70.74",
      "71.11",
      "71.48",
      "71.85",
    ]);
  });

  it("tells residents before they vote, in both languages", () => {
    expect(zh.participate.ballot_privacy).toContain("准确面积");
    expect(en.participate.ballot_privacy).toContain("exact floor area");
    expect(en.notice.ballot_privacy).toContain("exact floor area");
  });
});
