// A refused ballot is answered with the vote page again (without JavaScript the browser renders
// the whole page), so the page must cost the viewer's share, not the round's roster; and the
// ballot's limits count per account and per flat, never per address (decision 037).
import { describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import * as scope from "~/models/scope.server";
import { action, loader } from "~/routes/participate";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

vi.mock("~/models/scope.server", async (original) => {
  const m = await original<typeof import("~/models/scope.server")>();
  return { ...m, roundRoster: vi.fn(m.roundRoster) };
});

async function tasting() {
  const { compound, households } = await buildCompound();
  const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
  const flat = households[0].id;
  const owner = await buildAccount("resident", { householdIds: [flat] });
  const spouse = await buildAccount("resident", { householdIds: [flat] });
  // opening TASTING kept the shares over the roster; what follows is counted from here
  vi.mocked(scope.roundRoster).mockClear();
  return { round, options, flat, owner, spouse };
}

async function post(roundId: number, accountId: number, fields: Record<string, string>) {
  const request = new Request(`http://localhost/rounds/${roundId}/participate`, {
    method: "POST",
    headers: { Origin: "http://localhost", Cookie: await cookieFor(accountId, "t") },
    body: new URLSearchParams({ csrf: "t", intent: "ballot", ...fields }),
  });
  const out = (await action({
    request,
    params: { roundId: String(roundId) },
    context: {},
  } as never)) as Response | { init?: { status?: number }; data?: unknown };
  if (out instanceof Response) return { status: out.status, body: "" };
  return { status: out.init?.status ?? 200, body: JSON.stringify(out.data) };
}

async function view(roundId: number, accountId: number) {
  const request = new Request(`http://localhost/rounds/${roundId}/participate`, {
    headers: { Cookie: await cookieFor(accountId, "t") },
  });
  return loader({ request, params: { roundId: String(roundId) }, context: {} } as never);
}

const counted = async (key: string) =>
  (await db.rateCounter.findUnique({ where: { key } }))?.count ?? 0;

describe("a refused ballot", () => {
  it("is refused with nothing written, counted, and its page reads no roster", async () => {
    const { round, options, flat, owner } = await tasting();
    // a ballot that leaves the second option out
    const refused = await post(round.id, owner.id, {
      householdId: String(flat),
      [`scores.${options[0].id}`]: "4",
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("errors.ballot_incomplete");
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(0);
    expect(await counted(`ballot-account:${owner.id}`)).toBe(1);
    expect(await counted(`ballot-household:${flat}`)).toBe(1);
    expect(await db.rateCounter.count({ where: { key: { startsWith: "ballot-ip:" } } })).toBe(0);

    // the page the refusal is shown on: the viewer's flats and kept shares, not the roster
    const page = await view(round.id, owner.id);
    expect(page.view.households.map((h) => h.id)).toEqual([flat]);
    expect(scope.roundRoster).not.toHaveBeenCalled();
    // a round that kept no shares is computed over the roster (the spy sees it)
    await db.versionShare.deleteMany({ where: { roundId: round.id } });
    await view(round.id, owner.id);
    expect(scope.roundRoster).toHaveBeenCalled();
  });

  it("an option the round does not offer is refused before anything is written", async () => {
    const { round, options, flat, owner } = await tasting();
    const audits = await db.auditLog.count({ where: { roundId: round.id } });
    // the whole ballot, and one more option that is not the round's
    const refused = await post(round.id, owner.id, {
      householdId: String(flat),
      ...Object.fromEntries(options.map((o) => [`scores.${o.id}`, "4"])),
      [`scores.${options[1].id + 1000}`]: "4",
    });
    expect(refused.status).toBe(404);
    expect(refused.body).toContain("errors.option_not_published");
    // no score, no receipt, no audit entry: the refusal came before the writes
    expect(await db.ballot.count({ where: { roundId: round.id } })).toBe(0);
    expect(await db.receipt.count({ where: { roundId: round.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { roundId: round.id } })).toBe(audits);
    // what was picked comes back, for the page to show the ballot as it was
    expect(JSON.parse(refused.body).values.scores[String(options[0].id)]).toBe("4");
  });

  it("a flat's limit holds whichever of its accounts casts", async () => {
    const { round, options, flat, owner, spouse } = await tasting();
    const whole = {
      householdId: String(flat),
      ...Object.fromEntries(options.map((o) => [`scores.${o.id}`, "3"])),
    };
    expect((await post(round.id, owner.id, whole)).status).toBe(302);
    // the flat has used its window (60 a minute): the spouse's first ballot is refused too
    await db.rateCounter.update({
      where: { key: `ballot-household:${flat}` },
      data: { count: 60 },
    });
    const over = await post(round.id, spouse.id, { ...whole, [`scores.${options[0].id}`]: "5" });
    expect(over.status).toBe(429);
    expect(over.body).toContain("errors.rate_limited");
    const scores = await db.ballot.findMany({ where: { roundId: round.id } });
    expect(scores.map((b) => b.score)).toEqual([3, 3]);
    expect(await counted(`ballot-account:${spouse.id}`)).toBe(1);
  });
});
