import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "./rules";
import { verifyExports, VerifyError, type ExportedRules } from "./verify";

// Three households, two options; A is approved (2 of 3 agree), B is not.
const csv =
  "\uFEFFhousehold,area_m2,option_A,option_B,channel\nH-1,80,5,2,online\nH-2,60.5,4,3,paper\nH-3,70,2,,online\n";
const exported: ExportedRules = {
  round: { id: 7, title: "t" },
  rules: DEFAULT_RULES,
  published: {
    scopeHouseholds: 3,
    scopeAreaCenti: 21050,
    participatingHouseholds: 3,
    participatingAreaCenti: 21050,
    quorumMet: true,
    winner: "A",
    options: [
      {
        code: "A",
        kind: "ordinary",
        totalFen: 100,
        approved: true,
        ballots: 3,
        scoreSum: 11,
        agreeingHouseholds: 2,
        agreeingAreaCenti: 14050,
      },
      {
        code: "B",
        kind: "ordinary",
        totalFen: 90,
        approved: false,
        ballots: 2,
        scoreSum: 5,
        agreeingHouseholds: 0,
        agreeingAreaCenti: 0,
      },
    ],
  },
};
const rules = (e: ExportedRules = exported) => JSON.stringify(e);

describe("verifyExports", () => {
  it("lists every published figure beside its recount, all matching", () => {
    const v = verifyExports(csv, rules());
    expect(v.match).toBe(true);
    expect(v.figures).toHaveLength(5 + 2 * 5 + 1);
    expect(v.figures.find((f) => f.key === "winner")).toMatchObject({
      published: "A",
      recomputed: "A",
    });
  });

  it("marks exactly the figures a changed score moves", () => {
    const v = verifyExports(csv.replace("H-2,60.5,4", "H-2,60.5,1"), rules());
    expect(v.match).toBe(false);
    expect(v.figures.filter((f) => !f.match).map((f) => `${f.option ?? ""}${f.key}`)).toEqual([
      "Aoption_score_sum",
      "Aoption_agreeing_households",
      "Aoption_agreeing_area",
      "Aoption_approved",
      "winner",
    ]);
  });

  it("refuses what is not an export, naming the line", () => {
    const err = (c: string, r: string) => {
      try {
        verifyExports(c, r);
      } catch (e) {
        return e instanceof VerifyError ? [e.code, e.line, e.value] : e;
      }
    };
    expect(err(csv.replace("H-3,70,2", "H-3,70,7"), rules())).toEqual(["bad_score", 4, "7"]);
    expect(err(csv.replace("60.5", "sixty"), rules())).toEqual(["bad_area", 3, "sixty"]);
    expect(err("a,b\n1,2", rules())).toEqual(["bad_csv", 1, undefined]);
    expect(err(csv, "{}")).toEqual(["bad_rules", undefined, undefined]);
    expect(err(csv, "not json")).toEqual(["bad_rules", undefined, undefined]);
    expect(err(csv, rules({ ...exported, rules: { ...DEFAULT_RULES, threshold: 9 } }))).toEqual([
      "bad_rules",
      undefined,
      undefined,
    ]);
  });
});

describe("the last tie-break", () => {
  it("ranks a full tie by the server's option id, not by the order of the export", () => {
    // A and B tie on mean, agreeing area and cost; the server ranks the lower id (B, 4) first
    const tie =
      "household,area_m2,option_A,option_B,channel\nH-1,80,5,5,online\nH-2,60,4,4,online\n";
    const option = (code: string, optionId: number) => ({
      optionId,
      code,
      kind: "ordinary" as const,
      totalFen: 100,
      approved: true,
      ballots: 2,
      scoreSum: 9,
      agreeingHouseholds: 2,
      agreeingAreaCenti: 14000,
    });
    const rules: ExportedRules = {
      round: { id: 8, title: "tie" },
      rules: DEFAULT_RULES,
      published: {
        scopeHouseholds: 2,
        scopeAreaCenti: 14000,
        participatingHouseholds: 2,
        participatingAreaCenti: 14000,
        quorumMet: true,
        winner: "B",
        options: [option("A", 9), option("B", 4)],
      },
    };
    const r = verifyExports(tie, JSON.stringify(rules));
    expect(r.figures.filter((f) => !f.match)).toEqual([]);
    expect(r.match).toBe(true);
  });
});

// Issue #18: ballots.csv names each flat's head; flats are summed into heads before counting.
describe("heads in ballots.csv", () => {
  // H-1 owns two flats (H-1 and H-4): one head of 80 + 40 m², scored once, on its own row
  const headed =
    "household,head,area_m2,option_A,option_B\nH-1,H-1,80,5,2\nH-2,H-2,60.5,4,3\nH-3,H-3,70,2,\nH-4,H-1,40,,\n";
  const withHeads: ExportedRules = {
    ...exported,
    published: {
      ...exported.published,
      scopeAreaCenti: 25050,
      participatingAreaCenti: 25050,
      options: [
        { ...exported.published.options[0], agreeingAreaCenti: 18050 },
        exported.published.options[1],
      ],
    },
  };

  it("recomputes heads and areas: an owner of two flats is one head with both areas", () => {
    const v = verifyExports(headed, rules(withHeads));
    expect(v.figures.filter((f) => !f.match)).toEqual([]);
    expect(v.tally.scopeHouseholds).toBe(3);
    expect(v.flats).toBe(4);
    expect(v.tally.scopeAreaCenti).toBe(25050);
  });

  it("finds a published head count that counted flats instead", () => {
    const v = verifyExports(
      headed,
      rules({ ...withHeads, published: { ...withHeads.published, scopeHouseholds: 4 } }),
    );
    expect(v.figures.filter((f) => !f.match).map((f) => f.key)).toEqual(["scope_households"]);
  });

  it("refuses a head scored on two rows, naming the line", () => {
    expect(() =>
      verifyExports(headed.replace("H-4,H-1,40,,", "H-4,H-1,40,5,5"), rules(withHeads)),
    ).toThrow(expect.objectContaining({ code: "head_scored_twice", line: 5 }));
  });
});
