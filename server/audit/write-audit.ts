import "server-only";
import type { Db } from "@/db/client";
import { auditLogs } from "@/db/schema";
import type { Role } from "@/lib/enums";

/** Who did it: a signed-in user, or the system (a job, a callback, the janitor). */
export interface Actor {
  id: string | null;
  label: string;
  role?: Role;
  requestId?: string;
}

export const systemActor = (what: string): Actor => ({ id: null, label: `system:${what}` });

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Call with the transaction that makes the change, so the audit row commits or rolls back with it. */
export async function writeAudit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await writeAudits(tx, [{ actor, entry }]);
}

/** Several audit rows in one insert (batch transitions), with the same rule: the caller's transaction. */
export async function writeAudits(tx: Db, rows: { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(auditLogs).values(
    rows.map(({ actor, entry }) => ({
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      requestId: actor.requestId ?? null,
    })),
  );
}
