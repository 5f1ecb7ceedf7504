import { db, type Tx } from "~/db.server";
import {
  discussionOpen,
  roundPanelIds,
  speakerOf,
  type PanelWork,
  type SpeakerRefusal,
  threadRoot,
  visibleThread,
  type CommentTarget,
} from "~/domain/discussion";
import { isStaffOf } from "~/domain/authorization";
import { DomainError } from "~/domain/errors";
import { maskName } from "~/domain/privacy";
import type { Phase, Role } from "~/domain/round-lifecycle";
import type { CurrentAccount } from "./account.server";
import { audit } from "./audit.server";
import {
  getRound,
  placeOf,
  requireAllowed,
  type ActorRef,
  type LoadedRound,
} from "./round-guards.server";
import { publishedOption } from "./published-options.server";
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
          where: { id: t.id, roundId: t.roundId },
          select: { id: true },
        })
      : await tx.designOption.findFirst({
          where: { id: t.id, roundId: t.roundId, ...publishedOption },
          select: { id: true },
        });
  if (!found) throw new DomainError(t.kind === "need" ? "need_not_found" : "option_not_found", 404);
  return getRound(tx, t.roundId);
}

function staffOf(round: LoadedRound, actor: ActorRef | CurrentAccount) {
  return isStaffOf(actor, placeOf(round));
}

/** The panels of a round's options (roundPanelIds), from the work done on them. */
async function panelsOfRound(tx: Tx, roundId: number): Promise<Set<number>> {
  const [versions, reviews, constraints] = await Promise.all([
    tx.optionVersion.findMany({ where: { option: { roundId } }, select: { createdById: true } }),
    tx.auditReview.findMany({
      where: { version: { option: { roundId } } },
      select: { reviewerId: true },
    }),
    tx.utilityConstraint.findMany({
      where: { option: { roundId } },
      select: { authorId: true, utilityKind: true },
    }),
  ]);
  const work: PanelWork[] = [
    ...versions.map((v) => ({ accountId: v.createdById, discipline: "design" as const })),
    ...reviews.map((r) => ({ accountId: r.reviewerId, discipline: "audit" as const })),
    ...constraints.map((c) => ({
      accountId: c.authorId,
      discipline: "utility" as const,
      utilityKind: c.utilityKind,
    })),
  ];
  const panels = await tx.panel.findMany({
    where: { members: { some: { accountId: { in: [...new Set(work.map((w) => w.accountId))] } } } },
    select: {
      id: true,
      discipline: true,
      utilityKind: true,
      members: { select: { accountId: true } },
    },
  });
  return roundPanelIds(
    work,
    panels.map((p) => ({ ...p, memberIds: p.members.map((m) => m.accountId) })),
  );
}

const REFUSAL: Record<SpeakerRefusal, string> = {
  wrong_role: "reason_wrong_role",
  household_not_in_scope: "household_not_in_scope",
  outside_jurisdiction: "reason_outside_jurisdiction",
  not_round_panel: "comment_not_round_panel",
};

/**
 * The one door to a round's discussion (speakerOf): whether this account may post, and with which
 * badge. Panels are read from the database, not from what the session remembers.
 */
async function speakerIn(tx: Tx, round: LoadedRound, actor: ActorRef | CurrentAccount) {
  const residentInScope =
    actor.role === "resident" &&
    (await tx.household.count({
      where: { AND: [{ id: { in: actor.householdIds ?? [] } }, roundHouseholdsWhere(round)] },
    })) > 0;
  const roundPanels =
    actor.role === "expert"
      ? await tx.panelMembership.count({
          where: { accountId: actor.id, panelId: { in: [...(await panelsOfRound(tx, round.id))] } },
        })
      : 0;
  return speakerOf(actor.role as Role, {
    residentInScope,
    staff: staffOf(round, actor),
    roundPanels,
  });
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
    const speaker = await speakerIn(tx, round, actor);
    if (!speaker.ok) throw new DomainError(REFUSAL[speaker.reason], 403);
    const authorKind = speaker.kind;
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
  const { round, panels, speaker } = await db.$transaction(async (tx) => {
    const r = await getRound(tx, t.roundId);
    return {
      round: r,
      panels: await panelsOfRound(tx, r.id),
      speaker: viewer ? await speakerIn(tx, r, viewer) : null,
    };
  });
  const staff = !!viewer && viewer.role !== "resident" && staffOf(round, viewer);
  const rows = await db.comment.findMany({
    where: where(t),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: {
      author: {
        select: {
          displayName: true,
          role: true,
          panels: { select: { panelId: true, panel: { select: { discipline: true } } } },
        },
      },
    },
  });
  const shown = visibleThread(
    rows.map((r) => ({ ...r, hidden: r.hiddenAt !== null })),
    { accountId: viewer?.id ?? null, staff },
  );
  // the expert badge names the panels of this round's options the author belongs to; an expert
  // of none of them (a comment from before this rule) shows without a badge
  const badges = (r: (typeof shown)[number]) =>
    r.authorKind === "expert"
      ? [
          ...new Set(
            r.author.panels.filter((p) => panels.has(p.panelId)).map((p) => p.panel.discipline),
          ),
        ]
      : [];
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
    authorKind: r.authorKind === "expert" && badges(r).length === 0 ? "plain" : r.authorKind,
    disciplines: badges(r),
  });
  const threads = shown
    .filter((r) => r.parentId === null)
    .map((r) => ({ ...view(r), replies: shown.filter((x) => x.parentId === r.id).map(view) }));
  return {
    open: discussionOpen(t.kind, round.phase as Phase),
    canHide: staff,
    threads,
    /** whether the viewer may post here, and if not (signed in), why */
    canComment: speaker?.ok ?? false,
    refusal: speaker && !speaker.ok ? `errors.${REFUSAL[speaker.reason]}` : null,
  };
}
