import type { Tx } from "~/db.server";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: number;
  roundId?: number | null;
  before?: unknown;
  after?: unknown;
  at?: Date;
};

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Append one audit entry inside the transaction of the change it records. */
export async function audit(tx: Tx, e: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: e.actorId,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      roundId: e.roundId ?? null,
      before: json(e.before),
      after: json(e.after),
      ...(e.at && { at: e.at }),
    },
  });
}
