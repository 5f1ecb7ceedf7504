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
