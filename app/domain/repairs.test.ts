import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { homeOf } from "./home";
import {
  byUrgencyOfClock,
  queueCounts,
  type TicketStatus,
  checkPromise,
  coveringWarranty,
  defaultPromise,
  dueTimes,
  escalationLevel,
  median,
  minutesLeft,
  overdue,
  promiseFor,
  REPAIR_CATEGORIES,
  serviceStats,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  ticketStep,
  URGENCIES,
  warrantyEndsAt,
  deskRole,
  maySeeTicket,
  ticketActors,
  CLAIM_STATUSES,
  type ClaimStatus,
  type Party,
  type TicketActor,
} from "./repairs";

const T0 = new Date("2026-11-25T02:00:00Z"); // 10:00 in Tai'an
const plus = (min: number) => new Date(T0.getTime() + min * 60_000);

describe("promised times", () => {
  it("follow PRODUCT §7: 30 minutes for danger, 4 hours for urgent, a day and 5 days for ordinary jobs", () => {
    expect(defaultPromise("water", "emergency")).toEqual({ answerMinutes: 30, fixMinutes: 1440 });
    expect(defaultPromise("power", "urgent")).toEqual({ answerMinutes: 240, fixMinutes: 2880 });
    expect(defaultPromise("lighting", "normal")).toEqual({ answerMinutes: 1440, fixMinutes: 7200 });
  });

  it("never let gas wait as an ordinary job", () => {
    expect(defaultPromise("gas", "normal")).toEqual(defaultPromise("gas", "urgent"));
  });

  it("take the compound's own setting for that category and urgency, else the default", () => {
    const own = [
      {
        category: "water" as const,
        urgency: "urgent" as const,
        answerMinutes: 60,
        fixMinutes: 600,
      },
    ];
    expect(promiseFor("water", "urgent", own)).toEqual({ answerMinutes: 60, fixMinutes: 600 });
    expect(promiseFor("water", "normal", own)).toEqual(defaultPromise("water", "normal"));
    expect(promiseFor("power", "urgent", own)).toEqual(defaultPromise("power", "urgent"));
  });

  it("refuse a promise out of range or a fix promised before the answer", () => {
    expect(checkPromise({ answerMinutes: 0, fixMinutes: 10 })).toBe("promise_range");
    expect(checkPromise({ answerMinutes: 30, fixMinutes: 61 * 24 * 60 })).toBe("promise_range");
    expect(checkPromise({ answerMinutes: 1.5, fixMinutes: 10 })).toBe("promise_range");
    expect(checkPromise({ answerMinutes: 60, fixMinutes: 30 })).toBe("promise_order");
    expect(checkPromise({ answerMinutes: 30, fixMinutes: 30 })).toBeNull();
  });

  it("every default is a promise the street office could also set", () => {
    for (const c of REPAIR_CATEGORIES)
      for (const u of URGENCIES) expect(checkPromise(defaultPromise(c, u))).toBeNull();
  });
});

describe("the ticket's states", () => {
  const facts = (
    status: (typeof TICKET_STATUSES)[number],
    fixedAt: Date | null = null,
    now = T0,
  ) => ({
    status,
    fixedAt,
    now,
  });

  it("walk reported → answered → assigned → fixed → rated", () => {
    expect(ticketStep("answer", ["desk"], facts("reported"))).toEqual({ ok: true, to: "answered" });
    expect(ticketStep("assign", ["desk"], facts("answered"))).toEqual({ ok: true, to: "assigned" });
    expect(ticketStep("fix", ["assignee"], facts("assigned"))).toEqual({ ok: true, to: "fixed" });
    expect(ticketStep("rate", ["reporter"], facts("fixed", T0))).toEqual({ ok: true, to: "rated" });
  });

  it("close in one step at the desk (马上就办)", () => {
    expect(ticketStep("quick_close", ["desk"], facts("reported"))).toEqual({
      ok: true,
      to: "fixed",
    });
    expect(ticketStep("quick_close", ["technician"], facts("reported"))).toEqual({
      ok: false,
      reason: "repair_not_yours",
    });
    expect(ticketStep("quick_close", ["desk"], facts("assigned")).ok).toBe(false);
  });

  it("let only the assigned technician (or the desk) mark it fixed", () => {
    expect(ticketStep("fix", ["technician"], facts("assigned"))).toEqual({
      ok: false,
      reason: "repair_not_yours",
    });
    expect(ticketStep("fix", ["desk"], facts("assigned")).ok).toBe(true);
    expect(ticketStep("fix", ["assignee"], facts("reported"))).toEqual({
      ok: false,
      reason: "repair_wrong_state",
    });
  });

  it("let the reporter reopen within 7 days of the fix, not after", () => {
    const fixed = plus(0);
    expect(ticketStep("reopen", ["reporter"], facts("rated", fixed, plus(7 * 1440)))).toEqual({
      ok: true,
      to: "reopened",
    });
    expect(ticketStep("reopen", ["reporter"], facts("fixed", fixed, plus(7 * 1440 + 1)))).toEqual({
      ok: false,
      reason: "repair_reopen_late",
    });
    expect(ticketStep("reopen", ["desk"], facts("fixed", fixed)).ok).toBe(false);
  });

  it("let no one but the reporter rate, and only a fixed ticket", () => {
    for (const who of ["desk", "technician", "assignee"] as TicketActor[])
      expect(ticketStep("rate", [who], facts("fixed", T0)).ok).toBe(false);
    expect(ticketStep("rate", ["reporter"], facts("rated", T0)).ok).toBe(false);
  });

  it("never lead anywhere for an outsider, whatever the state", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TICKET_ACTIONS),
        fc.constantFrom(...TICKET_STATUSES),
        (action, status) => !ticketStep(action, [], facts(status, T0)).ok,
      ),
    );
  });
});

describe("clocks and escalation", () => {
  const clock = {
    ...dueTimes(T0, { answerMinutes: 30, fixMinutes: 1440 }),
    answeredAt: null,
    fixedAt: null,
  };

  it("count down to the answer, then to the fix", () => {
    expect(minutesLeft(clock, plus(10))).toBe(20);
    expect(minutesLeft({ ...clock, answeredAt: plus(5) }, plus(60))).toBe(1380);
    expect(minutesLeft({ ...clock, answeredAt: plus(5), fixedAt: plus(70) }, plus(80))).toBeNull();
  });

  it("is not overdue on time, and says which promise was missed", () => {
    expect(overdue(clock, plus(30))).toBeNull();
    expect(overdue(clock, plus(31))).toBe("answer");
    expect(overdue({ ...clock, answeredAt: plus(10) }, plus(1441))).toBe("fix");
  });

  it("goes to the community when a promise is missed, and the street office a day later", () => {
    expect(escalationLevel(clock, plus(30))).toBe(0);
    expect(escalationLevel(clock, plus(31))).toBe(1);
    expect(escalationLevel(clock, plus(30 + 1440))).toBe(1);
    expect(escalationLevel(clock, plus(31 + 1440))).toBe(2);
    const answered = { ...clock, answeredAt: plus(10) };
    expect(escalationLevel(answered, plus(1441))).toBe(1);
    expect(escalationLevel(answered, plus(2881))).toBe(2);
    expect(escalationLevel({ ...answered, fixedAt: plus(20) }, plus(9999))).toBe(0);
  });

  it("never goes down as time passes on an untouched ticket", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
        const [x, y] = [Math.min(a, b), Math.max(a, b)];
        return escalationLevel(clock, plus(x)) <= escalationLevel(clock, plus(y));
      }),
    );
  });
});

describe("warranty", () => {
  const accepted = new Date("2026-11-15T02:00:00Z");

  it("runs 5 years for waterproofing and 2 years for electrical, plumbing, equipment and decoration", () => {
    expect(warrantyEndsAt("waterproofing", accepted).toISOString()).toBe(
      "2031-11-15T02:00:00.000Z",
    );
    for (const k of ["electrical", "plumbing", "equipment", "decoration"] as const)
      expect(warrantyEndsAt(k, accepted).toISOString()).toBe("2028-11-15T02:00:00.000Z");
  });

  it("runs two full heating seasons for heating", () => {
    // accepted in summer: the seasons 2026/27 and 2027/28
    expect(warrantyEndsAt("heating", new Date("2026-06-01T00:00:00Z")).toISOString()).toBe(
      "2028-03-14T16:00:00.000Z",
    );
    // accepted during a season: that season does not count
    expect(warrantyEndsAt("heating", accepted).toISOString()).toBe("2029-03-14T16:00:00.000Z");
  });

  it("covers a roof leak in a covered building while it runs, and nothing else", () => {
    const w = {
      id: 1,
      kind: "waterproofing" as const,
      endsAt: warrantyEndsAt("waterproofing", accepted),
      covers: (p: { buildingId: number | null }) => p.buildingId === 7,
    };
    const inside = { buildingId: 7, unitId: null };
    expect(coveringWarranty("leak", inside, plus(0), [w])).toBe(w);
    expect(coveringWarranty("leak", { buildingId: 8, unitId: null }, plus(0), [w])).toBeNull();
    expect(coveringWarranty("power", inside, plus(0), [w])).toBeNull();
    expect(coveringWarranty("leak", inside, new Date("2032-01-01T00:00:00Z"), [w])).toBeNull();
  });
});

describe("the public figures", () => {
  it("take medians of answer and fix times, the share on time and the mean rating", () => {
    const t = (answer: number | null, fix: number | null, rating: number | null) => ({
      createdAt: T0,
      ...dueTimes(T0, { answerMinutes: 30, fixMinutes: 600 }),
      answeredAt: answer === null ? null : plus(answer),
      fixedAt: fix === null ? null : plus(fix),
      rating,
      escalationLevel: 0,
    });
    const s = serviceStats(
      [t(10, 100, 5), t(40, 200, 4), t(20, 700, 4), t(null, null, null)],
      plus(20),
    );
    expect(s).toEqual({
      tickets: 4,
      open: 1,
      overdue: 0,
      escalated: 0,
      medianAnswerMinutes: 20,
      medianFixMinutes: 200,
      onTime: { num: 1, den: 3 },
      ratings: 3,
      satisfactionCenti: 433,
    });
    expect(serviceStats([], T0).medianFixMinutes).toBeNull();
  });

  it("counts an open ticket past its promise against the share on time (issue 29)", () => {
    const open = {
      createdAt: T0,
      ...dueTimes(T0, { answerMinutes: 30, fixMinutes: 600 }),
      answeredAt: null,
      fixedAt: null,
      rating: null,
      escalationLevel: 0,
    };
    const done = { ...open, answeredAt: plus(10), fixedAt: plus(100) };
    // before the answer is due, the waiting ticket does not count: 100 %
    expect(serviceStats([done, open], plus(30)).onTime).toEqual({ num: 1, den: 1 });
    // a day later it is late and unanswered: 1 of 2, and it shows as overdue and escalated
    const dayLate = serviceStats([done, { ...open, escalationLevel: 2 }], plus(31 + 1440));
    expect(dayLate).toMatchObject({
      onTime: { num: 1, den: 2 },
      open: 1,
      overdue: 1,
      escalated: 1,
    });
    // answered in time but not fixed by the fix promise: late too
    const slow = { ...open, answeredAt: plus(5) };
    expect(serviceStats([slow], plus(601)).onTime).toEqual({ num: 0, den: 1 });
    expect(serviceStats([slow], plus(599)).onTime).toEqual({ num: 0, den: 0 });
  });

  it("never has more on time than counted, nor counts a ticket twice", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            answer: fc.option(fc.integer({ min: 0, max: 2000 })),
            fix: fc.option(fc.integer({ min: 0, max: 2000 })),
            level: fc.constantFrom(0, 1, 2),
          }),
        ),
        fc.integer({ min: 0, max: 3000 }),
        (rows, at) => {
          const tickets = rows.map((r) => ({
            createdAt: T0,
            ...dueTimes(T0, { answerMinutes: 30, fixMinutes: 600 }),
            answeredAt: r.answer === null && r.fix === null ? null : plus(r.answer ?? 0),
            fixedAt: r.fix === null ? null : plus(Math.max(r.fix, r.answer ?? 0)),
            rating: null,
            escalationLevel: r.level,
          }));
          const s = serviceStats(tickets, plus(at));
          expect(s.onTime.num).toBeLessThanOrEqual(s.onTime.den);
          expect(s.onTime.den).toBe(s.tickets - s.open + s.overdue);
          expect(s.overdue).toBeLessThanOrEqual(s.open);
        },
      ),
    );
  });

  it("median of an even count is the mean of the middle two", () => {
    expect(median([4, 1, 3, 2])).toBe(3); // (2 + 3) / 2 rounded half up
    expect(median([])).toBeNull();
  });
});

describe("who someone is to a ticket", () => {
  const place = {
    compoundId: 1,
    communityId: 10,
    streetId: 100,
    mode: "property_company" as const,
  };
  const party = (p: Partial<Party>): Party => ({
    id: 5,
    role: "resident",
    householdIds: [],
    communityId: null,
    streetId: null,
    posts: [],
    ...p,
  });
  const ticket = { source: "resident", householdId: 42, reporterId: 9, assigneeId: 6 };

  it("makes a member of the reporting household its reporter, and nobody else's", () => {
    expect(ticketActors(party({ householdIds: [42] }), place, ticket)).toEqual(["reporter"]);
    expect(ticketActors(party({ householdIds: [43] }), place, ticket)).toEqual([]);
    expect(maySeeTicket(party({ householdIds: [43] }), place, ticket)).toBe(false);
  });

  it("gives the desk to the property company's clerks, and the fix to the assigned technician", () => {
    const desk = party({ role: "property_service", posts: [{ compoundId: 1, position: "desk" }] });
    const tech = (id: number) =>
      party({ id, role: "property_service", posts: [{ compoundId: 1, position: "technician" }] });
    expect(ticketActors(desk, place, ticket)).toEqual(["desk"]);
    expect(ticketActors(tech(6), place, ticket)).toEqual(["assignee"]);
    expect(ticketActors(tech(7), place, ticket)).toEqual(["technician"]);
    const elsewhere = party({
      role: "property_service",
      posts: [{ compoundId: 2, position: "desk" }],
    });
    expect(ticketActors(elsewhere, place, ticket)).toEqual([]);
    expect(maySeeTicket(elsewhere, place, ticket)).toBe(false);
  });

  it("lets the community serve as desk where no property company does (社区兜底), and only oversee otherwise", () => {
    const worker = party({ role: "community_worker", communityId: 10 });
    expect(deskRole(worker, place)).toBeNull();
    expect(maySeeTicket(worker, place, ticket)).toBe(true);
    expect(deskRole(worker, { ...place, mode: "community" })).toBe("desk");
    expect(deskRole(worker, { ...place, mode: null })).toBe("desk");
    expect(
      deskRole(party({ role: "community_worker", communityId: 11 }), { ...place, mode: null }),
    ).toBeNull();
  });

  it("makes a worker both reporter and desk of a finding filed in a compound the community serves", () => {
    const worker = party({ id: 9, role: "community_worker", communityId: 10 });
    const finding = { source: "inspection", householdId: null, reporterId: 9, assigneeId: null };
    expect(ticketActors(worker, { ...place, mode: "community" }, finding)).toEqual([
      "reporter",
      "desk",
    ]);
  });

  it("lets the street office of the street and the administration see, never act", () => {
    for (const p of [party({ role: "street_office", streetId: 100 }), party({ role: "admin" })]) {
      expect(maySeeTicket(p, place, ticket)).toBe(true);
      expect(ticketActors(p, place, ticket)).toEqual([]);
    }
    expect(maySeeTicket(party({ role: "street_office", streetId: 101 }), place, ticket)).toBe(
      false,
    );
  });
});

describe("a warranty claim at the contractor", () => {
  const place = {
    compoundId: 1,
    communityId: 10,
    streetId: 100,
    mode: "property_company" as const,
  };
  const claim = {
    source: "resident",
    householdId: 42,
    reporterId: 9,
    assigneeId: null,
    contractorPanelId: 7,
  };
  const expert = (panels: number[]): Party => ({
    id: 30,
    role: "expert",
    householdIds: [],
    communityId: null,
    streetId: null,
    posts: [],
    contractorPanelIds: panels,
  });
  const at = (status: (typeof TICKET_STATUSES)[number], c: ClaimStatus | null) => ({
    status,
    fixedAt: status === "fixed" || status === "rated" ? T0 : null,
    now: plus(60),
    claim: c,
  });

  it("reaches the members of the contractor's panel and no other expert", () => {
    expect(ticketActors(expert([7]), place, claim)).toEqual(["contractor"]);
    expect(maySeeTicket(expert([7]), place, claim)).toBe(true);
    expect(ticketActors(expert([8]), place, claim)).toEqual([]);
    expect(maySeeTicket(expert([8]), place, claim)).toBe(false);
    expect(ticketActors(expert([7]), place, { ...claim, contractorPanelId: null })).toEqual([]);
  });

  it("walks open → accepted → fixed, or open → disputed; a reopen opens it again", () => {
    expect(ticketStep("accept_claim", ["contractor"], at("reported", "open"))).toEqual({
      ok: true,
      to: "answered",
      claimTo: "accepted",
    });
    expect(ticketStep("fix_claim", ["contractor"], at("answered", "accepted"))).toEqual({
      ok: true,
      to: "fixed",
      claimTo: "fixed",
    });
    // a dispute leaves the ticket's own state to the desk
    expect(ticketStep("dispute_claim", ["contractor"], at("answered", "open"))).toEqual({
      ok: true,
      to: "answered",
      claimTo: "disputed",
    });
    expect(ticketStep("reopen", ["reporter"], at("rated", "fixed"))).toEqual({
      ok: true,
      to: "reopened",
      claimTo: "open",
    });
    expect(ticketStep("rate", ["reporter"], at("fixed", "fixed"))).toEqual({
      ok: true,
      to: "rated",
    });
  });

  it("refuses a contractor step out of turn, and to anyone but the contractor", () => {
    expect(ticketStep("fix_claim", ["contractor"], at("reported", "open"))).toMatchObject({
      reason: "repair_wrong_state",
    });
    expect(ticketStep("fix_claim", ["contractor"], at("answered", "open"))).toMatchObject({
      reason: "repair_claim_state",
    });
    expect(ticketStep("dispute_claim", ["contractor"], at("answered", "accepted"))).toMatchObject({
      reason: "repair_claim_state",
    });
    expect(ticketStep("accept_claim", ["contractor"], at("reported", null))).toMatchObject({
      reason: "repair_claim_state",
    });
    for (const who of ["desk", "assignee", "reporter"] as TicketActor[])
      for (const a of ["accept_claim", "dispute_claim", "fix_claim"] as const)
        expect(ticketStep(a, [who], at("answered", "accepted"))).toMatchObject({
          reason: "repair_not_yours",
        });
  });

  it("holds the desk's own work while the contractor has the claim, and hands it back after a dispute", () => {
    for (const c of ["open", "accepted"] as const) {
      expect(ticketStep("assign", ["desk"], at("answered", c))).toMatchObject({
        reason: "repair_with_contractor",
      });
      expect(ticketStep("quick_close", ["desk"], at("answered", c))).toMatchObject({
        reason: "repair_with_contractor",
      });
      expect(ticketStep("answer", ["desk"], at("reported", c)).ok).toBe(true);
    }
    expect(ticketStep("assign", ["desk"], at("answered", "disputed")).ok).toBe(true);
    expect(ticketStep("quick_close", ["desk"], at("answered", "disputed")).ok).toBe(true);
  });

  it("never lets a contractor step change anything but a claim", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TICKET_STATUSES),
        fc.constantFrom(null, ...CLAIM_STATUSES),
        fc.constantFrom(...TICKET_ACTIONS),
        (status, c, action) => {
          const v = ticketStep(action, ["contractor"], at(status, c));
          if (v.ok) expect(["accept_claim", "dispute_claim", "fix_claim"]).toContain(action);
        },
      ),
    );
  });
});

describe("a desk's queue (issue 29)", () => {
  const row = (status: TicketStatus, minutesLeft: number | null, escalationLevel = 0) => ({
    status,
    minutesLeft,
    escalationLevel,
  });

  it("puts the open before the done, and among the open the latest past its promise first", () => {
    const rows = [
      row("fixed", null),
      row("answered", 30),
      row("reported", -600, 1),
      row("assigned", -5),
      row("reported", 240),
    ];
    expect([...rows].sort(byUrgencyOfClock).map((r) => r.minutesLeft)).toEqual([
      -600,
      -5,
      30,
      240,
      null,
    ]);
  });

  it("counts the open, those past a promise and those escalated, never the done", () => {
    expect(
      queueCounts([
        row("reported", -1, 1),
        row("reopened", -3000, 2),
        row("answered", 10),
        row("fixed", null, 1),
        row("rated", null),
      ]),
    ).toEqual({ open: 3, overdue: 2, escalated: 2 });
    expect(queueCounts([])).toEqual({ open: 0, overdue: 0, escalated: 0 });
  });

  it("sends the property desk and technicians to their queue, everyone else to /me", () => {
    expect(homeOf("property_service")).toBe("/repairs");
    for (const role of ["resident", "community_worker", "street_office", "expert", "admin"])
      expect(homeOf(role)).toBe("/me");
  });
});
