import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import type { MilestoneKind } from "~/domain/round-lifecycle";
import { audit } from "./audit.server";
import { notifyRound } from "./notification.server";
import { requireHouseholdOfRound } from "./authorization.server";
import { getRound, requireAllowed, type ActorRef } from "./round-guards.server";

/** A round's milestones in date order, each with its photos' file names. */
export async function milestonesOf(tx: Tx, roundId: number) {
  const rows = await tx.milestone.findMany({
    where: { roundId },
    orderBy: [{ date: "asc" }, { id: "asc" }],
    include: { photos: true },
  });
  return rows.map((m) => ({
    id: m.id,
    kind: m.kind,
    date: m.date,
    note: m.note,
    photos: m.photos.map((p) => p.path),
  }));
}

export async function postMilestone(
  roundId: number,
  input: {
    kind: MilestoneKind;
    date: Date;
    note: string;
    photos?: { path: string; mime: string; bytes: number }[];
  },
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, "post_milestone", actor, now);
    const m = await tx.milestone.create({
      data: {
        roundId,
        kind: input.kind,
        date: input.date,
        note: input.note,
        createdById: actor.id,
        createdAt: now,
        photos: { create: input.photos ?? [] },
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "milestone.post",
      entity: "Milestone",
      entityId: m.id,
      roundId,
      after: { kind: m.kind, date: m.date.toISOString(), note: m.note },
      at: now,
    });
    await notifyRound(tx, round, {
      kind: "milestone_posted",
      key: [m.id],
      params: { roundId, milestone: m.kind },
      link: `/rounds/${roundId}`,
      now,
    });
    return m;
  });
}

/** One satisfaction rating per household, after completion acceptance; a later one replaces it, logged. */
export async function rateSatisfaction(
  roundId: number,
  householdId: number,
  score: number,
  comment: string | null,
  actor: ActorRef,
) {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError("score_range");
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, "rate_satisfaction", actor);
    await requireHouseholdOfRound(tx, round, householdId, actor);
    const existing = await tx.satisfactionRating.findUnique({
      where: { roundId_householdId: { roundId, householdId } },
    });
    const r = existing
      ? await tx.satisfactionRating.update({
          where: { id: existing.id },
          data: { score, comment, accountId: actor.id },
        })
      : await tx.satisfactionRating.create({
          data: { roundId, householdId, score, comment, accountId: actor.id },
        });
    await audit(tx, {
      actorId: actor.id,
      action: "satisfaction.rate",
      entity: "SatisfactionRating",
      entityId: r.id,
      roundId,
      before: existing && { score: existing.score },
      after: { score, comment },
    });
    return r;
  });
}
