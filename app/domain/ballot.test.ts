import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ballotProblems,
  replacementToConfirm,
  requireWholeBallot,
  starMeaning,
  starRange,
  type StandingBallot,
} from "./ballot";
import { DomainError } from "./errors";

describe("starMeaning", () => {
  it("the default threshold: 4–5 agree, 1–3 disagree", () => {
    expect(starMeaning(4)).toEqual({ agree: [4, 5], disagree: [1, 3] });
    expect(starRange(starMeaning(4).agree)).toBe("4–5");
    expect(starRange(starMeaning(4).disagree!)).toBe("1–3");
  });
  it("a stricter round: only 5 agrees", () => {
    expect(starMeaning(5)).toEqual({ agree: [5, 5], disagree: [1, 4] });
    expect(starRange(starMeaning(5).agree)).toBe("5");
  });
  it("every score is either agreeing or disagreeing, never both", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (t, score) => {
        const m = starMeaning(t);
        const agrees = score >= m.agree[0] && score <= m.agree[1];
        const disagrees = m.disagree != null && score >= m.disagree[0] && score <= m.disagree[1];
        expect(agrees !== disagrees).toBe(true);
        expect(agrees).toBe(score >= t);
      }),
    );
  });
  it("refuses a threshold outside 1–5", () => {
    expect(() => starMeaning(0)).toThrow(RangeError);
    expect(() => starMeaning(4.5)).toThrow(RangeError);
  });
});

describe("a household ballot scores every published option once", () => {
  const s = (optionId: number, score = 4) => ({ optionId, score });
  it("whole", () => {
    expect(ballotProblems([3, 7], [s(3), s(7, 2)]).size).toBe(0);
    expect(() => requireWholeBallot([3, 7], [s(7), s(3)])).not.toThrow();
  });
  it("names the option left out", () => {
    expect([...ballotProblems([3, 7], [s(3)])]).toEqual([[7, "missing"]]);
    expect(() => requireWholeBallot([3, 7], [s(3)])).toThrow(
      expect.objectContaining({ code: "ballot_incomplete" }),
    );
  });
  it("refuses an option not published, a duplicate and a score outside 1–5", () => {
    expect(ballotProblems([3], [s(3), s(9)]).get(9)).toBe("not_published");
    expect(ballotProblems([3], [s(3), s(3)]).get(3)).toBe("duplicate");
    expect(ballotProblems([3], [s(3, 6)]).get(3)).toBe("score_range");
    expect(() => requireWholeBallot([3], [s(3), s(9)])).toThrow(DomainError);
    expect(() => requireWholeBallot([3], [s(3, 0)])).toThrow(
      expect.objectContaining({ code: "score_range" }),
    );
    expect(() => requireWholeBallot([], [])).toThrow(
      expect.objectContaining({ code: "option_not_published" }),
    );
  });
});

describe("replacementToConfirm (decision 039)", () => {
  const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
  const ballot = (over: Partial<StandingBallot> = {}): StandingBallot => ({
    channel: "online",
    castById: 1,
    proxyId: null,
    castFromId: 10,
    at: at(1),
    ...over,
  });
  const mine = { castById: 1, channel: "online" as const, castFromId: 10 };

  it("asks nothing for a first ballot or one's own, from the same flat on the same channel", () => {
    expect(replacementToConfirm(mine, [])).toBeNull();
    expect(replacementToConfirm(mine, [ballot(), ballot()])).toBeNull();
    // ballots from before the flat was recorded compare by caster and channel only
    expect(replacementToConfirm(mine, [ballot({ castFromId: null })])).toBeNull();
  });

  it("asks over a co-owner's ballot, another flat of the head, or another channel", () => {
    expect(replacementToConfirm(mine, [ballot({ castById: 2 })])).toEqual({
      channel: "online",
      at: at(1),
      castById: 2,
    });
    expect(replacementToConfirm(mine, [ballot({ castFromId: 11 })])?.channel).toBe("online");
    expect(replacementToConfirm(mine, [ballot({ channel: "paper", castById: 7 })])?.channel).toBe(
      "paper",
    );
    expect(replacementToConfirm({ ...mine, channel: "paper" }, [ballot()])?.channel).toBe("online");
  });

  it("names a proxy's ballot as the proxy's, and the latest of several", () => {
    const standing = [
      ballot({ castById: 2, at: at(1) }),
      ballot({ castById: 3, proxyId: 5, at: at(3) }),
      ballot({ castById: 4, at: at(2) }),
    ];
    expect(replacementToConfirm(mine, standing)).toEqual({
      channel: "proxy",
      at: at(3),
      castById: 3,
    });
  });
});
