import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { cookieFor } from "#tests/fixtures/session";
import { startOfChinaDay } from "../../prisma/seed-clock";

// The demo is seeded relative to the day it is built (prisma/seed-clock.ts), so a newcomer finds
// it in the same state on any day. Here it is built a year from today, and the clock is moved a
// year on with it: round 2 still takes an owner's ballot and a proxy's, each round is in its phase.

const DAY = 86_400_000;
const yearOn = startOfChinaDay(new Date(Date.now() + 365 * DAY));
const seedDate = new Date(yearOn.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const CSRF = "t";

beforeAll(() => {
  execFileSync("npx", ["tsx", "prisma/seed.ts"], {
    env: { ...process.env, DIANCAI_SEED_DATE: seedDate },
    stdio: "pipe",
  });
  // mid-afternoon in China, a year from today: the seed's clock is 00:00 of that day
  vi.useFakeTimers({ toFake: ["Date"], now: yearOn.getTime() + 15 * 3_600_000 });
}, 180_000);

afterAll(() => {
  vi.useRealTimers();
});

async function ballot(username: string) {
  const account = await db.account.findUniqueOrThrow({ where: { username } });
  const { householdId } = await db.membership.findFirstOrThrow({
    where: { accountId: account.id },
  });
  const options = await db.scoredOption.findMany({ where: { roundId: 2 } });
  const fields = Object.fromEntries(options.map((o) => [`scores.${o.optionId}`, "4"]));
  const { action } = await import("~/routes/participate");
  const request = new Request("http://localhost/rounds/2/participate", {
    method: "POST",
    headers: { Cookie: await cookieFor(account.id, CSRF), Origin: "http://localhost" },
    body: new URLSearchParams({
      csrf: CSRF,
      intent: "ballot",
      householdId: String(householdId),
      ...fields,
    }),
  });
  let answer: unknown;
  try {
    answer = await action({ request, params: { roundId: "2" }, context: {} } as never);
  } catch (e) {
    answer = e;
  }
  return { answer, householdId, options: options.length };
}

describe("the demo built a year from today", () => {
  it("has every round in its phase, with the voting round open for weeks", async () => {
    const rounds = await db.round.findMany({ orderBy: { id: "asc" } });
    expect(rounds.map((r) => r.phase)).toEqual([
      "CONSTRUCTION",
      "TASTING",
      "COOKING",
      "DRAFT",
      "ADOPTED",
      "FAILED",
      "CLOSED",
      "ORDERING",
      "ORDERING",
      // 天平花园's owners' item-(4) motion on the property service they had tried (先尝后买)
      "ADOPTED",
    ]);
    const tasting = rounds[1];
    expect(tasting.tastingEndsAt.getTime() - Date.now()).toBeGreaterThan(14 * DAY);
    // what happened before lies in the past of the day it was built
    const lastAudit = await db.auditLog.aggregate({ _max: { at: true } });
    expect(lastAudit._max.at!.getTime()).toBeLessThanOrEqual(yearOn.getTime());
  });

  it("takes the owner's ballot and the proxy's ballot in round 2", async () => {
    for (const username of ["yezhu", "daili"]) {
      const { answer, householdId, options } = await ballot(username);
      expect(answer, `${username}: ${JSON.stringify(answer)}`).toBeInstanceOf(Response);
      expect((answer as Response).status, username).toBe(302);
      expect(await db.ballot.count({ where: { roundId: 2, householdId, channel: "online" } })).toBe(
        options,
      );
    }
    const proxy = await db.proxyAuthorisation.findFirstOrThrow({ where: { roundId: 2 } });
    expect(proxy.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });
});
