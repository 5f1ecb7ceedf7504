import { describe, expect, it } from "vitest";
import { canRetry, CONFLICTS, conflictOf, OfflineEntryInput } from "./offline";

describe("an entry made offline", () => {
  it("maps every refusal of the models to the conflict the worker is shown", () => {
    expect(conflictOf("replace_ballot_confirm")).toBe("voted_online");
    expect(conflictOf("sheet_no_taken")).toBe("sheet_taken");
    expect(conflictOf("paper_already_entered")).toBe("paper_already");
    expect(conflictOf("reason_wrong_phase")).toBe("round_closed");
    expect(conflictOf("reason_tasting_over")).toBe("round_closed");
    expect(conflictOf("reason_outside_jurisdiction")).toBe("outside_community");
    expect(conflictOf("household_not_in_scope")).toBe("outside_community");
    expect(conflictOf("round_not_found")).toBe("outside_community");
    expect(conflictOf("scores_required")).toBe("invalid");
  });

  it("only a conflict the worker can settle on the phone is retried", () => {
    expect(CONFLICTS.filter(canRetry)).toEqual(["voted_online", "sheet_taken"]);
  });

  it("takes a visit and a paper sheet as the phone sends them, and nothing else", () => {
    const common = {
      id: "5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
      roundId: 2,
      householdId: 7,
      deviceAt: "2026-11-20T02:00:00.000Z",
    };
    expect(
      OfflineEntryInput.parse({ ...common, kind: "visit", outcome: "not_home", note: "  " }),
    ).toMatchObject({ note: null });
    const sheet = {
      ...common,
      kind: "paper",
      sheetNo: " P-1 ",
      witness: "李四",
      scores: [{ optionId: 1, score: 5 }],
    };
    expect(OfflineEntryInput.parse(sheet)).toMatchObject({
      sheetNo: "P-1",
      replaceOnlineReason: null,
    });
    for (const bad of [
      { ...sheet, scores: [] },
      { ...sheet, scores: [{ optionId: 1, score: 6 }] },
      { ...sheet, witness: "" },
      { ...sheet, id: "not-a-uuid" },
      { ...sheet, deviceAt: "yesterday" },
      { ...common, kind: "visit", outcome: "moved_away" },
      { ...common, kind: "proxy" },
    ])
      expect(OfflineEntryInput.safeParse(bad).success).toBe(false);
  });
});
