import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "./rules";
import {
  differences,
  parseExportedRules,
  verifyExports,
  VerifyError,
  type ExportedRules,
} from "./verify";

// Two households, one option A that both agree with.
const csv = "household,area_m2,option_A\nH-1,80,5\nH-2,60,4\n";
const option = {
  code: "A",
  kind: "ordinary" as const,
  totalFen: 100,
  approved: true,
  ballots: 2,
  scoreSum: 9,
  agreeingHouseholds: 2,
  agreeingAreaCenti: 14000,
};
const exported: ExportedRules = {
  round: { id: 3, title: "t" },
  rules: DEFAULT_RULES,
  published: {
    scopeHouseholds: 2,
    scopeAreaCenti: 14000,
    participatingHouseholds: 2,
    participatingAreaCenti: 14000,
    quorumMet: true,
    winner: "A",
    options: [option],
  },
};
const json = (e: unknown) => JSON.stringify(e);
const refusal = (c: string, r: string) => {
  try {
    verifyExports(c, r);
    return null;
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return [e.code, e.line, e.value];
  }
};

describe("verification refuses each malformed cell, naming its line", () => {
  it("an area that is not a number of m² with at most two decimals", () => {
    expect(refusal(csv.replace("H-2,60", "H-2,60.005"), json(exported))).toEqual([
      "bad_area",
      3,
      "60.005",
    ]);
    expect(refusal(csv.replace("H-2,60,4", "H-2"), json(exported))).toEqual(["bad_area", 3, ""]);
    expect(refusal(csv.replace("H-2,60", "H-2,60.01"), json(exported))).toBeNull();
  });

  it("a score outside 1–5 or not whole; an empty cell is no ballot", () => {
    for (const bad of ["0", "6", "2.5", "x"])
      expect(refusal(csv.replace("H-1,80,5", `H-1,80,${bad}`), json(exported))).toEqual([
        "bad_score",
        2,
        bad,
      ]);
    expect(refusal(csv.replace("H-1,80,5", "H-1,80, 5 "), json(exported))).toBeNull();
    const v = verifyExports(csv.replace("H-1,80,5", "H-1,80,  "), json(exported));
    expect(v.tally.participatingHouseholds).toBe(1);
  });

  it("a score column for an option rules.json does not list", () => {
    const withB = "household,area_m2,option_A,option_B\nH-1,80,5,3\nH-2,60,4,\n";
    expect(refusal(withB, json(exported))).toEqual(["unknown_option", 1, "B"]);
  });

  it("reads only the option_ columns and ignores the others", () => {
    const v = verifyExports(
      "household,area_m2,option_A,channel\nH-1,80,5,online\nH-2,60,4,paper\n",
      json(exported),
    );
    expect(v.match).toBe(true);
  });

  it("explains a refusal in words", () => {
    expect(new VerifyError("bad_score", 4, "7").message).toBe('line 4: bad score "7"');
    expect(new VerifyError("bad_rules").message).toBe("bad rules");
    expect(new VerifyError("bad_csv", 2).name).toBe("VerifyError");
  });
});

describe("rules.json is checked before anything is recomputed", () => {
  const broken = (mutate: (e: ExportedRules) => void) => {
    const e = structuredClone(exported) as ExportedRules;
    mutate(e);
    return refusal(csv, json(e));
  };
  const BAD = ["bad_rules", undefined, undefined];

  it("accepts the export with a byte-order mark and an optional option id", () => {
    expect(refusal(csv, "\uFEFF" + json(exported))).toBeNull();
    expect(broken((e) => (e.published.options[0].optionId = 12))).toBeNull();
    expect(broken((e) => (e.published.winner = null))).not.toEqual(BAD);
  });

  it("refuses a file missing its round, rules or published figures", () => {
    expect(refusal(csv, "null")).toEqual(BAD);
    expect(broken((e) => delete (e as Partial<ExportedRules>).round)).toEqual(BAD);
    expect(broken((e) => ((e.round as { id: unknown }).id = "3"))).toEqual(BAD);
    expect(broken((e) => delete (e as Partial<ExportedRules>).rules)).toEqual(BAD);
    expect(broken((e) => delete (e as Partial<ExportedRules>).published)).toEqual(BAD);
  });

  it("refuses figures that are not whole numbers, one at a time", () => {
    for (const k of [
      "scopeHouseholds",
      "scopeAreaCenti",
      "participatingHouseholds",
      "participatingAreaCenti",
    ] as const)
      expect(
        broken((e) => ((e.published as Record<string, unknown>)[k] = 1.5)),
        k,
      ).toEqual(BAD);
    for (const k of [
      "totalFen",
      "ballots",
      "scoreSum",
      "agreeingHouseholds",
      "agreeingAreaCenti",
    ] as const)
      expect(
        broken((e) => ((e.published.options[0] as Record<string, unknown>)[k] = "9")),
        k,
      ).toEqual(BAD);
  });

  it("refuses options of unknown kind, without a code or with a broken id, and a winner not listed", () => {
    expect(broken((e) => ((e.published.options[0] as { kind: string }).kind = "major"))).toEqual(
      BAD,
    );
    expect(broken((e) => ((e.published.options[0] as { code: unknown }).code = 1))).toEqual(BAD);
    expect(broken((e) => (e.published.options[0].optionId = 1.5))).toEqual(BAD);
    expect(broken((e) => (e.published.winner = "Z"))).toEqual(BAD);
    expect(broken((e) => ((e.published as { options: unknown }).options = {}))).toEqual(BAD);
    // an alteration is a kind rules.json may carry
    expect(broken((e) => (e.published.options[0].kind = "alteration"))).not.toEqual(BAD);
  });

  it("refuses rule fractions that are not proper", () => {
    expect(broken((e) => (e.rules = { ...DEFAULT_RULES, quorum: { num: 3, den: 2 } }))).toEqual(
      BAD,
    );
    expect(broken((e) => (e.rules = { ...DEFAULT_RULES, ordinary: { num: 1, den: 0 } }))).toEqual(
      BAD,
    );
    expect(
      broken((e) => (e.rules = { ...DEFAULT_RULES, alteration: { num: -1, den: 4 } })),
    ).toEqual(BAD);
    expect(broken((e) => (e.rules = { ...DEFAULT_RULES, threshold: 0 }))).toEqual(BAD);
    // a rule missing altogether is refused as well, not a crash
    expect(broken((e) => delete (e.rules as Partial<typeof e.rules>).alteration)).toEqual(BAD);
    expect(parseExportedRules(json(exported)).round.id).toBe(3);
  });
});

describe("the differences, in words", () => {
  it("names each figure that differs, with both values, and nothing when all match", () => {
    const good = verifyExports(csv, json(exported));
    expect(differences(good.tally, exported)).toEqual([]);
    const moved = verifyExports(csv.replace("H-2,60,4", "H-2,60,1"), json(exported));
    const lines = differences(moved.tally, exported);
    expect(lines).toContain("option A score sum: published 9, recomputed 6");
    expect(lines.every((l) => /published .*, recomputed /.test(l))).toBe(true);
    expect(lines.length).toBe(moved.figures.filter((f) => !f.match).length);
  });
});
