import { db, type Tx } from "~/db.server";
import {
  authorKindOf,
  discussionOpen,
  threadRoot,
  visibleThread,
  type CommentTarget,
} from "~/domain/discussion";
import { DomainError } from "~/domain/errors";
import { maskName } from "~/domain/privacy";
import { isStaffOf, type Phase } from "~/domain/round-lifecycle";
import type { CurrentAccount } from "./account.server";
import { audit } from "./audit.server";
import {
  getRound,
  placeOf,
  requireAllowed,
  type ActorRef,
  type ScopedRound,
} from "./round-guards.server";
import { roundHouseholdsWhere } from "./scope.server";

// Discussion (议事): residents, experts and the round's staff comment on needs and on published
// options; one level of replies; staff hide a comment with a reason, never delete it.

export type Target = { kind: CommentTarget; id: number; roundId: number };

const where = (t: Target) => (t.kind === "need" ? { needId: t.id } : { optionId: t.id });

/** The round of a need or of a published option, or a 404 when the target is not there. */
async function targetRound(tx: Tx, t: Target) {
  const found =
    t.kind === "need"
      ? await tx.need.findFirst({
          where: { id: t.id, roundId: t.roundId, status: { not: "withdrawn" } },
          select: { id: true },
        })
      : await tx.designOption.findFirst({
          where: { id: t.id, roundId: t.roundId, versions: { some: { status: "approved" } } },
          select: { id: true },
        });
  if (!found) throw new DomainError(t.kind === "need" ? "need_not_found" : "option_not_found", 404);
  return getRound(tx, t.roundId);
}

function staffOf(round: ScopedRound, actor: ActorRef | CurrentAccount) {
  return isStaffOf(actor, placeOf(round));
}

export async function postComment(
  t: Target,
  input: { body: string; parentId: number | null },
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const round = await targetRound(tx, t);
    if (!discussionOpen(t.kind, round.phase as Phase))
      throw new DomainError("discussion_closed", 409);
    const authorKind = actor.role === "public" ? null : authorKindOf(actor.role);
    if (!authorKind) throw new DomainError("reason_wrong_role", 403);
    // a resident speaks when any one of the account's households is in the round's scope
    if (
      authorKind === "resident" &&
      !(await tx.household.count({
        where: { AND: [{ id: { in: actor.householdIds ?? [] } }, roundHouseholdsWhere(round)] },
      }))
    )
      throw new DomainError("household_not_in_scope", 403);
    if (authorKind === "staff" && !staffOf(round, actor))
      throw new DomainError("reason_outside_jurisdiction", 403);
    let parentId: number | null = null;
    if (input.parentId !== null) {
      const parent = await tx.comment.findFirst({ where: { id: input.parentId, ...where(t) } });
      if (!parent) throw new DomainError("comment_not_found", 404);
      parentId = threadRoot(parent);
    }
    const c = await tx.comment.create({
      data: {
        roundId: round.id,
        ...where(t),
        parentId,
        authorId: actor.id,
        authorKind,
        body: input.body,
        createdAt: now,
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "comment.post",
      entity: "Comment",
      entityId: c.id,
      roundId: round.id,
      after: { target: t.kind, targetId: t.id, parentId, length: input.body.length },
      at: now,
    });
    return c;
  });
}

/** Staff of the round hide a comment with a reason its author will read; audit-logged. */
export async function hideComment(
  commentId: number,
  reason: string,
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const c = await tx.comment.findUnique({ where: { id: commentId } });
    if (!c) throw new DomainError("comment_not_found", 404);
    const round = await getRound(tx, c.roundId);
    await requireAllowed(tx, round, "hide_comment", actor, now);
    if (c.hiddenAt) throw new DomainError("comment_hidden_already", 409);
    await tx.comment.update({
      where: { id: c.id },
      data: { hiddenAt: now, hiddenById: actor.id, hiddenReason: reason },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "comment.hide",
      entity: "Comment",
      entityId: c.id,
      roundId: round.id,
      before: { hidden: false },
      after: { hidden: true, reason },
      at: now,
    });
  });
}

/** A target's discussion as this viewer may see it, threads oldest first. */
export async function discussionOf(t: Target, viewer: CurrentAccount | null) {
  const round = await db.$transaction((tx) => getRound(tx, t.roundId));
  const staff = !!viewer && viewer.role !== "resident" && staffOf(round, viewer);
  const rows = await db.comment.findMany({
    where: where(t),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: {
      author: {
        select: {
          displayName: true,
          role: true,
          panels: { select: { panel: { select: { discipline: true } } } },
        },
      },
    },
  });
  const shown = visibleThread(
    rows.map((r) => ({ ...r, hidden: r.hiddenAt !== null })),
    { accountId: viewer?.id ?? null, staff },
  );
  const view = (r: (typeof shown)[number]) => ({
    id: r.id,
    parentId: r.parentId,
    at: r.createdAt.toISOString(),
    mine: r.authorId === viewer?.id,
    placeholder: r.placeholder,
    hidden: r.hidden,
    hiddenReason: r.placeholder ? null : r.hiddenReason,
    body: r.placeholder ? "" : r.body,
    author: r.placeholder
      ? ""
      : r.authorKind === "resident"
        ? maskName(r.author.displayName)
        : r.author.displayName,
    authorKind: r.authorKind,
    disciplines: r.authorKind === "expert" ? r.author.panels.map((p) => p.panel.discipline) : [],
  });
  const threads = shown
    .filter((r) => r.parentId === null)
    .map((r) => ({ ...view(r), replies: shown.filter((x) => x.parentId === r.id).map(view) }));
  return {
    open: discussionOpen(t.kind, round.phase as Phase),
    canHide: staff,
    threads,
  };
}
