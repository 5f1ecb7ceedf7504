import type { Tx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

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

/** Append one audit entry inside the transaction of the change it records (plain SQL: it is on every write path). */
export async function audit(tx: Tx, e: AuditEntry): Promise<void> {
  await tx.$executeRaw(auditSql(e));
}

/** The statement that appends the entries, for work written as steps (models/hot-sql.server). */
export function auditSql(...entries: AuditEntry[]): Prisma.Sql {
  const rows = entries.map(
    (e) => Prisma.sql`(${e.at ?? new Date()}, ${e.actorId}, ${e.action}, ${e.entity}, ${e.entityId},
      ${e.roundId ?? null}, ${json(e.before)}, ${json(e.after)})`,
  );
  return Prisma.sql`
    INSERT INTO "AuditLog" ("at", "actorId", "action", "entity", "entityId", "roundId", "before", "after")
    VALUES ${Prisma.join(rows)}`;
}
