import { db } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { audit } from "./audit.server";
import { requireOwnerOfRound } from "./authorization.server";
import { getRound, placeOf, requireAllowed, type ActorRef } from "./round-guards.server";
import { notify } from "./notification.server";
import { headInRound } from "./scope.server";
import { officialsOf, tellStaff } from "./staff-notice.server";

/** One objection per head per round (like its ballot), within the objection period. */
export async function fileObjection(
  roundId: number,
  householdId: number,
  text: string,
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, "file_objection", actor, now);
    const proxy = await requireOwnerOfRound(tx, round, householdId, actor, now);
    // one objection per head, stored against its representative flat as its ballot is
    const head = await headInRound(tx, roundId, householdId);
    const existing = await tx.objection.findUnique({
      where: { roundId_householdId: { roundId, householdId: head } },
    });
    if (existing) throw new DomainError("objection_exists", 409);
    const o = await tx.objection.create({
      data: { roundId, householdId: head, accountId: actor.id, text, createdAt: now },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "objection.file",
      entity: "Objection",
      entityId: o.id,
      roundId,
      after: {
        householdId: head,
        ...(head !== householdId && { filedFrom: householdId }),
        text,
        proxyId: proxy?.id ?? null,
      },
      at: now,
    });
    // the street office answers objections: it is told of each one as it comes
    await tellStaff(tx, {
      key: `objection_filed:${o.id}`,
      kind: "objection_filed",
      accountIds: await officialsOf(tx, { streetId: placeOf(round).streetId }),
      params: { round: roundId, compound: round.compound.name, compoundEn: round.compound.nameEn },
      link: `/rounds/${roundId}/manage`,
      at: now,
    });
    return o;
  });
}

export async function answerObjection(
  objectionId: number,
  answer: string,
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const o = await tx.objection.findUnique({ where: { id: objectionId } });
    if (!o) throw new DomainError("objection_not_found", 404);
    const round = await getRound(tx, o.roundId);
    await requireAllowed(tx, round, "answer_objection", actor, now);
    if (o.answeredAt) throw new DomainError("objection_answered", 409);
    await tx.objection.update({
      where: { id: objectionId },
      data: { answer, answeredById: actor.id, answeredAt: now },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "objection.answer",
      entity: "Objection",
      entityId: o.id,
      roundId: round.id,
      before: { answer: null },
      after: { answer },
      at: now,
    });
    await notify(tx, {
      kind: "objection_answered",
      key: [o.id],
      roundId: round.id,
      recipients: { id: o.householdId },
      params: { roundId: round.id, answer },
      link: `/rounds/${round.id}/participate`,
      now,
    });
  });
}
