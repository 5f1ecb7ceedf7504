import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkTrial,
  chinaDay,
  chinaMonth,
  mayAnswer,
  mayOpenMotion,
  meanCenti,
  monthlyResults,
  percent,
  trialFigures,
  trialStage,
  type SatisfactionAnswer,
  type TrialTicket,
} from "./property-trial";

const HOUR = 3_600_000;
const START = new Date("2026-09-30T16:00:00Z"); // 2026-10-01 00:00 in China
const END = new Date("2026-12-31T16:00:00Z"); // 2027-01-01 00:00 in China
const h = (hours: number) => new Date(START.getTime() + hours * HOUR);
const TRIAL = { startsAt: START, endsAt: END, responseHours: 2, repairHours: 24 };

const ticket = (over: Partial<TrialTicket> & { createdAt: Date }): TrialTicket => ({
  answeredAt: null,
  fixedAt: null,
  reopenCount: 0,
  rating: null,
  ...over,
});

describe("a trial's figures against the company's promise", () => {
  it("counts only tickets reported within the trial's dates", () => {
    const f = trialFigures(
      [
        ticket({ createdAt: h(-1), answeredAt: h(0), fixedAt: h(1) }), // before the trial
        ticket({ createdAt: h(0), answeredAt: h(1), fixedAt: h(5) }), // its first moment
        ticket({ createdAt: END, answeredAt: h(3000), fixedAt: h(3001) }), // after: end is exclusive
      ],
      TRIAL,
      h(4000),
    );
    expect(f.tickets).toBe(1);
    expect(f.medianAnswerMinutes).toBe(60);
    expect(f.medianFixMinutes).toBe(300);
  });

  it("measures answers and fixes against the promised hours, exactly at the promise counting as in time", () => {
    const f = trialFigures(
      [
        ticket({ createdAt: h(10), answeredAt: h(12), fixedAt: h(34) }), // exactly 2 h and 24 h: in time
        ticket({ createdAt: h(20), answeredAt: h(22.01), fixedAt: h(44.01) }), // a minute late on both
        ticket({ createdAt: h(30), answeredAt: h(31), fixedAt: null }), // answered, fix not yet due
      ],
      TRIAL,
      h(40),
    );
    expect(f.answeredInTime).toEqual({ num: 2, den: 3 });
    // the third ticket is open but not yet late: it counts neither way
    expect(f.fixedInTime).toEqual({ num: 1, den: 2 });
  });

  it("counts an unanswered or unfixed ticket against the share once it is past the promise", () => {
    const open = ticket({ createdAt: h(0) });
    expect(trialFigures([open], TRIAL, h(2)).answeredInTime).toEqual({ num: 0, den: 0 });
    expect(trialFigures([open], TRIAL, h(2.001)).answeredInTime).toEqual({ num: 0, den: 1 });
    expect(trialFigures([open], TRIAL, h(24)).fixedInTime).toEqual({ num: 0, den: 0 });
    expect(trialFigures([open], TRIAL, h(24.001)).fixedInTime).toEqual({ num: 0, den: 1 });
  });

  it("counts reopened tickets and the mean rating in exact hundredths", () => {
    const f = trialFigures(
      [
        ticket({ createdAt: h(1), fixedAt: h(2), answeredAt: h(1), reopenCount: 2, rating: 5 }),
        ticket({ createdAt: h(3), fixedAt: h(4), answeredAt: h(3), rating: 4 }),
        ticket({ createdAt: h(5), fixedAt: h(6), answeredAt: h(5), rating: 4 }),
        ticket({ createdAt: h(7), reopenCount: 1 }),
      ],
      TRIAL,
      h(8),
    );
    expect(f.reopened).toBe(2);
    expect(f.ratings).toBe(3);
    expect(f.satisfactionCenti).toBe(433); // 13 / 3 = 4.333…
    expect(meanCenti([4, 5])).toBe(450);
    expect(meanCenti([1, 1, 2])).toBe(133);
    expect(meanCenti([2, 2, 1])).toBe(167); // 1.666… rounds half up
    expect(meanCenti([])).toBeNull();
  });

  it("agrees with a plain recount on any tickets", () => {
    const at = fc.integer({ min: -100, max: 2300 }).map(h);
    const arb = fc.array(
      fc.record({
        createdAt: at,
        answerAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
        fixAfter: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: null }),
        reopenCount: fc.integer({ min: 0, max: 2 }),
        rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 2400 }), (rows, nowH) => {
        const now = h(nowH);
        const tickets = rows.map((r) => ({
          createdAt: r.createdAt,
          // 6-minute steps so the promise boundaries are hit
          answeredAt:
            r.answerAfter === null
              ? null
              : new Date(r.createdAt.getTime() + r.answerAfter * 360_000),
          fixedAt:
            r.fixAfter === null ? null : new Date(r.createdAt.getTime() + r.fixAfter * 360_000),
          reopenCount: r.reopenCount,
          rating: r.rating,
        }));
        const f = trialFigures(tickets, TRIAL, now);
        let n = 0,
          aIn = 0,
          aDen = 0,
          fIn = 0,
          fDen = 0,
          re = 0;
        for (const t of tickets) {
          const c = t.createdAt.getTime();
          if (c < START.getTime() || c >= END.getTime()) continue;
          n++;
          if (t.reopenCount) re++;
          if (t.answeredAt) {
            aDen++;
            if (t.answeredAt.getTime() - c <= 2 * HOUR) aIn++;
          } else if (now.getTime() - c > 2 * HOUR) aDen++;
          if (t.fixedAt) {
            fDen++;
            if (t.fixedAt.getTime() - c <= 24 * HOUR) fIn++;
          } else if (now.getTime() - c > 24 * HOUR) fDen++;
        }
        expect(f.tickets).toBe(n);
        expect(f.reopened).toBe(re);
        expect(f.answeredInTime).toEqual({ num: aIn, den: aDen });
        expect(f.fixedInTime).toEqual({ num: fIn, den: fDen });
      }),
    );
  });
});

describe("the monthly question", () => {
  it("keys an answer by China's month, not UTC's", () => {
    expect(chinaMonth(new Date("2026-10-31T15:59:59Z"))).toBe("2026-10");
    expect(chinaMonth(new Date("2026-10-31T16:00:00Z"))).toBe("2026-11"); // 00:00 on 1 Nov in China
  });

  it("counts each month's answers and the share satisfied or fairly satisfied", () => {
    const a = (month: string, answer: SatisfactionAnswer) => ({ month, answer });
    const r = monthlyResults([
      a("2026-11", "satisfied"),
      a("2026-10", "dissatisfied"),
      a("2026-11", "fair"),
      a("2026-11", "dissatisfied"),
      a("2026-10", "satisfied"),
    ]);
    expect(r.map((m) => m.month)).toEqual(["2026-10", "2026-11"]);
    expect(r[1]).toEqual({
      month: "2026-11",
      satisfied: 1,
      fair: 1,
      dissatisfied: 1,
      content: { num: 2, den: 3 },
    });
    expect(percent(r[1].content)).toBe("66.7%");
    expect(percent({ num: 1, den: 2 })).toBe("50%");
    expect(percent({ num: 1, den: 8 })).toBe("12.5%");
    expect(percent({ num: 0, den: 0 })).toBe("—");
  });

  it("is open only while the company serves on trial", () => {
    const t = { status: "on_trial", startsAt: START, endsAt: END };
    expect(mayAnswer(t, h(-0.001))).toBe("trial_not_running");
    expect(mayAnswer(t, START)).toBeNull();
    expect(mayAnswer(t, new Date(END.getTime() - 1))).toBeNull();
    expect(mayAnswer(t, END)).toBe("trial_not_running");
    expect(mayAnswer({ ...t, status: "voting" }, h(1))).toBe("trial_not_running");
  });
});

describe("a trial's dates and terms", () => {
  const terms = {
    startsAt: START,
    endsAt: END,
    priceFen: 50,
    termYears: 3,
    responseHours: 2,
    repairHours: 24,
  };

  it("accepts sensible terms and names each field that is wrong", () => {
    expect(checkTrial(terms, h(0))).toEqual({});
    expect(
      checkTrial(
        { ...terms, endsAt: START, priceFen: 0, termYears: 6, responseHours: 0, repairHours: 721 },
        h(0),
      ),
    ).toEqual({
      endsAt: "trial_ends_before_start",
      priceFen: "trial_price_range",
      termYears: "trial_term_range",
      responseHours: "trial_response_range",
      repairHours: "trial_repair_range",
    });
    expect(checkTrial({ ...terms, priceFen: 5001 }, h(0))).toEqual({
      priceFen: "trial_price_range",
    });
    expect(checkTrial({ ...terms, priceFen: 5000 }, h(0))).toEqual({});
    expect(checkTrial({ ...terms, repairHours: 1 }, h(0))).toEqual({
      repairHours: "trial_repair_before_response",
    });
    expect(checkTrial(terms, END)).toEqual({ endsAt: "trial_already_over" });
    expect(checkTrial({ ...terms, endsAt: h(367 * 24) }, h(0))).toEqual({
      endsAt: "trial_too_long",
    });
  });

  it("reads a calendar day as 00:00 in China and refuses days that do not exist", () => {
    expect(chinaDay("2026-10-01")).toEqual(START);
    expect(chinaDay("2026-02-30")).toBeNull();
    expect(chinaDay("2026-1-1")).toBeNull();
  });

  it("opens the owners' decision only once the trial is over, and only once", () => {
    expect(trialStage(TRIAL, h(-1))).toBe("before");
    expect(trialStage(TRIAL, h(1))).toBe("running");
    expect(trialStage(TRIAL, END)).toBe("over");
    expect(mayOpenMotion({ status: "on_trial", endsAt: END }, new Date(END.getTime() - 1))).toBe(
      "trial_not_over",
    );
    expect(mayOpenMotion({ status: "on_trial", endsAt: END }, END)).toBeNull();
    expect(mayOpenMotion({ status: "voting", endsAt: END }, END)).toBe("trial_motion_exists");
  });
});
