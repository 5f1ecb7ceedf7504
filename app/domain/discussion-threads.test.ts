import { describe, expect, it } from "vitest";
import { PHASES, ROLES } from "./round-lifecycle";
import { authorKindOf, discussionOpen, visibleThread, type ThreadComment } from "./discussion";

describe("discussion: badges and open phases, every value", () => {
  it("gives each role its badge or none", () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, authorKindOf(r)]))).toMatchObject({
      resident: "resident",
      expert: "expert",
      community_worker: "staff",
      street_office: "staff",
      admin: null,
    });
  });

  it("opens each kind of discussion in exactly its phases", () => {
    expect(PHASES.filter((p) => discussionOpen("need", p))).toEqual([
      "ORDERING",
      "COOKING",
      "TASTING",
    ]);
    expect(PHASES.filter((p) => discussionOpen("option", p))).toEqual(["COOKING", "TASTING"]);
  });
});

describe("a thread as one viewer sees it", () => {
  const c = (id: number, parentId: number | null, hidden = false, authorId = 1): ThreadComment => ({
    id,
    parentId,
    authorId,
    hidden,
  });
  const shown = (
    list: ThreadComment[],
    viewer: { accountId: number | null; staff: boolean } = { accountId: 9, staff: false },
  ) => visibleThread(list, viewer).map((x) => `${x.id}${x.placeholder ? "p" : ""}`);

  it("drops a hidden opening comment with no visible reply, and a hidden reply", () => {
    expect(shown([c(1, null, true), c(2, null), c(3, 2, true)])).toEqual(["2"]);
  });

  it("keeps a placeholder for a hidden opening comment whose replies are shown", () => {
    expect(shown([c(1, null, true), c(2, 1)])).toEqual(["1p", "2"]);
  });

  it("does not keep a placeholder when the only replies are hidden too", () => {
    expect(shown([c(1, null, true), c(2, 1, true)])).toEqual([]);
  });

  it("shows hidden comments to staff and to their author, never as placeholders", () => {
    const list = [c(1, null, true, 9), c(2, 1, true, 5)];
    expect(shown(list, { accountId: 9, staff: false })).toEqual(["1"]);
    expect(shown(list, { accountId: 1, staff: true })).toEqual(["1", "2"]);
    expect(shown(list, { accountId: null, staff: false })).toEqual([]);
  });
});
