// Unpublished option versions are read only by the round's own staff and the experts of the
// option panels: not by another street's office, another community's worker, residents,
// administrators or visitors (they were readable by any staff account).
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loader as optionLoader } from "~/routes/option";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

async function sees(roundId: number, optionId: number, accountId: number | null) {
  const headers = accountId ? { Cookie: await cookieFor(accountId) } : undefined;
  try {
    const data = (await optionLoader({
      request: new Request(`http://localhost/rounds/${roundId}/options/${optionId}`, { headers }),
      params: { roundId: String(roundId), optionId: String(optionId) },
    } as never)) as { option: { versions: { title: string }[] } };
    return data.option.versions.some((v) => v.title === "草稿方案");
  } catch (e) {
    if (e instanceof Response && e.status === 404) return false;
    throw e;
  }
}

describe("unpublished option versions", () => {
  it("are visible to the round's staff and option experts only", async () => {
    const home = await buildCompound();
    const other = await buildCompound();
    const { round } = await buildRound(home.compound.id, { phase: "COOKING" });
    const designer = await buildAccount("expert", { disciplines: ["design"] });
    const option = await db.designOption.create({
      data: { roundId: round.id, code: "A", createdById: designer.id },
    });
    await db.optionVersion.create({
      data: {
        optionId: option.id,
        version: 1,
        title: "草稿方案",
        description: "",
        durationDays: 10,
        totalFen: 100,
        status: "submitted",
        createdById: designer.id,
      },
    });
    const allowed = [
      await buildAccount("street_office", { streetId: home.street.id }),
      await buildAccount("community_worker", { communityId: home.community.id }),
      designer,
      await buildAccount("expert", { disciplines: ["audit"] }),
    ];
    const refused = [
      await buildAccount("street_office", { streetId: other.street.id }),
      await buildAccount("community_worker", { communityId: other.community.id }),
      await buildAccount("resident", { householdIds: [home.households[0].id] }),
      await buildAccount("admin"),
      await buildAccount("expert", { disciplines: ["construction"] }),
    ];
    for (const a of allowed) expect(await sees(round.id, option.id, a.id), a.username).toBe(true);
    for (const a of refused) expect(await sees(round.id, option.id, a.id), a.username).toBe(false);
    expect(await sees(round.id, option.id, null)).toBe(false);
  });
});
