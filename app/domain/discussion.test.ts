import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authorKindOf, discussionOpen, threadRoot, visibleThread } from "./discussion";

describe("discussion rules", () => {
  it("opens needs from ordering to tasting and options only in cooking and tasting", () => {
    expect(discussionOpen("need", "ORDERING")).toBe(true);
    expect(discussionOpen("need", "CLOSED")).toBe(false);
    expect(discussionOpen("option", "ORDERING")).toBe(false);
    expect(discussionOpen("option", "TASTING")).toBe(true);
    expect(discussionOpen("option", "ADOPTED")).toBe(false);
  });

  it("gives experts and staff their badge and keeps administrators out", () => {
    expect(authorKindOf("expert")).toBe("expert");
    expect(authorKindOf("street_office")).toBe("staff");
    expect(authorKindOf("admin")).toBeNull();
  });

  it("hangs a reply to a reply under the thread's first comment", () => {
    expect(threadRoot({ id: 5, parentId: null })).toBe(5);
    expect(threadRoot({ id: 9, parentId: 5 })).toBe(5);
  });

  it("never shows a hidden comment's content to anyone but its author and staff", () => {
    const comment = fc.record({
      id: fc.nat(50),
      parentId: fc.option(fc.nat(50), { nil: null }),
      authorId: fc.nat(5),
      hidden: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(comment, { selector: (c) => c.id }), fc.nat(5), (cs, viewerId) => {
        const pub = visibleThread(cs, { accountId: null, staff: false });
        expect(pub.filter((c) => c.hidden).every((c) => c.placeholder)).toBe(true);
        const mine = visibleThread(cs, { accountId: viewerId, staff: false });
        for (const c of cs.filter((c) => c.authorId === viewerId))
          expect(mine.find((m) => m.id === c.id)?.placeholder).toBe(false);
        const staff = visibleThread(cs, { accountId: null, staff: true });
        expect(staff).toHaveLength(cs.length);
      }),
    );
  });
});
