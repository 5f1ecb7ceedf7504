// Who may say what, where, and when, in a round's discussion (comments on needs and options).
import type { Phase, Role } from "./round-lifecycle";

export const COMMENT_MIN = 2;
export const COMMENT_MAX = 1000;
export const HIDE_REASON_MAX = 500;

export type CommentTarget = "need" | "option";
export type AuthorKind = "resident" | "expert" | "staff";

/** Needs are discussed from ordering to tasting; options once published, in cooking and tasting. */
const OPEN: Record<CommentTarget, readonly Phase[]> = {
  need: ["ORDERING", "COOKING", "TASTING"],
  option: ["COOKING", "TASTING"],
};

export function discussionOpen(target: CommentTarget, phase: Phase): boolean {
  return OPEN[target].includes(phase);
}

/** The badge beside an author: residents, experts answering as experts, and the round's staff. */
export function authorKindOf(role: Role): AuthorKind | null {
  if (role === "resident") return "resident";
  if (role === "expert") return "expert";
  if (role === "community_worker" || role === "street_office") return "staff";
  return null;
}

/** Work done on a round's options: a version designed, a review, a utility's constraint. */
export type PanelWork = {
  accountId: number;
  discipline: "design" | "audit" | "utility";
  utilityKind?: string | null;
};
export type PanelMembers = {
  id: number;
  discipline: string;
  utilityKind: string | null;
  memberIds: number[];
};

/**
 * The panels of a round's options: for each piece of work on them, the panels of that
 * discipline (for a constraint, of that very utility kind) that count its author as a member.
 */
export function roundPanelIds(work: PanelWork[], panels: PanelMembers[]): Set<number> {
  const did = (p: PanelMembers, w: PanelWork) =>
    w.discipline === p.discipline &&
    (w.discipline !== "utility" || w.utilityKind === p.utilityKind) &&
    p.memberIds.includes(w.accountId);
  return new Set(panels.filter((p) => work.some((w) => did(p, w))).map((p) => p.id));
}

export type SpeakerRefusal =
  "wrong_role" | "household_not_in_scope" | "outside_jurisdiction" | "not_round_panel";

/**
 * Who speaks in a round's discussion, and with which badge (decision 027, who speaks with a badge): a resident of a
 * household in the round's scope; the round's own staff, with the staff badge; an expert only as
 * a member of a panel of the round's options (`roundPanels`: how many of the expert's panels are
 * among them), with the expert badge. Other experts (other rounds' designers, supervisors,
 * contractors, a utility that has not spoken on these options) read but do not post.
 */
export function speakerOf(
  role: Role,
  facts: { residentInScope: boolean; staff: boolean; roundPanels: number },
): { ok: true; kind: AuthorKind } | { ok: false; reason: SpeakerRefusal } {
  const kind = authorKindOf(role);
  if (kind === "resident")
    return facts.residentInScope
      ? { ok: true, kind }
      : { ok: false, reason: "household_not_in_scope" };
  if (kind === "staff")
    return facts.staff ? { ok: true, kind } : { ok: false, reason: "outside_jurisdiction" };
  if (kind === "expert")
    return facts.roundPanels > 0 ? { ok: true, kind } : { ok: false, reason: "not_round_panel" };
  return { ok: false, reason: "wrong_role" };
}

/** Replies hang under the comment that opened the thread: one level, like a chat under a post. */
export function threadRoot(parent: { id: number; parentId: number | null }): number {
  return parent.parentId ?? parent.id;
}

export type ThreadComment = {
  id: number;
  parentId: number | null;
  authorId: number;
  hidden: boolean;
};

/**
 * What one viewer sees of a thread: hidden comments are gone for the public, shown with their
 * reason to their author and to the round's staff; a hidden comment with visible replies
 * leaves a placeholder so the replies keep their context.
 */
export function visibleThread<C extends ThreadComment>(
  comments: C[],
  viewer: { accountId: number | null; staff: boolean },
): (C & { placeholder: boolean })[] {
  const sees = (c: C) => !c.hidden || viewer.staff || c.authorId === viewer.accountId;
  const shownReplies = new Set(
    comments.filter((c) => c.parentId !== null && sees(c)).map((c) => c.parentId),
  );
  return comments.flatMap((c): (C & { placeholder: boolean })[] => {
    if (sees(c)) return [{ ...c, placeholder: false }];
    if (c.parentId === null && shownReplies.has(c.id)) return [{ ...c, placeholder: true }];
    return [];
  });
}
