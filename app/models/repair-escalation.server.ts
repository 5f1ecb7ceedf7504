import { db } from "~/db.server";
import { escalationLevel, isOpen, type TicketStatus } from "~/domain/repairs";
import { audit } from "./audit.server";
import { addEvent, servedPlace } from "./repair.server";
import { officialsOf, tellStaff } from "./staff-notice.server";

// The repair tickets' escalation: what is overdue, and the sweep that raises it to the community
// and then the street office. Run by the background jobs (utils/background-jobs.server.ts).

const overdueWhere = (now: Date) => ({
  status: { in: ["reported", "answered", "assigned", "reopened"] },
  OR: [{ answeredAt: null, answerDueAt: { lt: now } }, { fixDueAt: { lt: now } }],
});

/** How many open tickets are past a promised time (for /metrics). */
export function countOverdueTickets(now = new Date()) {
  return db.repairTicket.count({ where: overdueWhere(now) });
}

/**
 * The escalation sweep: an open ticket past a promised time goes to the community, and a day
 * later to the street office (domain escalationLevel). Each level is reached once, logged and
 * told to the reporter; run by the background loop, safe to run at any time.
 */
export async function escalateOverdue(now = new Date()) {
  const late = await db.repairTicket.findMany({
    where: { ...overdueWhere(now), escalationLevel: { lt: 2 } },
    select: { id: true },
  });
  let raised = 0;
  for (const { id } of late) {
    raised += await db.$transaction(async (tx) => {
      const t = await tx.repairTicket.findUniqueOrThrow({ where: { id } });
      const level = escalationLevel(t, now);
      if (!isOpen(t.status as TicketStatus) || level <= t.escalationLevel) return 0;
      // a conditional update: two sweeps at once raise a level only once
      const done = await tx.repairTicket.updateMany({
        where: { id, escalationLevel: t.escalationLevel },
        data: { escalationLevel: level },
      });
      if (!done.count) return 0;
      // a sweep that finds a ticket already a day late records both levels it passed
      const place = await servedPlace(tx, t.compoundId);
      const compound = await tx.compound.findUniqueOrThrow({
        where: { id: t.compoundId },
        select: { name: true, nameEn: true },
      });
      for (let l = t.escalationLevel + 1; l <= level; l++) {
        await addEvent(
          tx,
          t,
          l === 1 ? "escalated_community" : "escalated_street",
          null,
          null,
          now,
        );
        // the level it reaches is told: the community's workers, then the street office
        await tellStaff(tx, {
          key: `repair_escalated:${id}:${l}`,
          kind: l === 1 ? "repair_escalated_community" : "repair_escalated_street",
          accountIds: await officialsOf(
            tx,
            l === 1 ? { communityId: place.communityId } : { streetId: place.streetId },
          ),
          params: { ticket: id, compound: compound.name, compoundEn: compound.nameEn },
          link: `/repairs/${id}`,
          at: now,
        });
      }
      await audit(tx, {
        actorId: null,
        action: "repair.escalate",
        entity: "RepairTicket",
        entityId: id,
        before: { escalationLevel: t.escalationLevel },
        after: { escalationLevel: level },
        at: now,
      });
      return 1;
    });
  }
  return raised;
}
