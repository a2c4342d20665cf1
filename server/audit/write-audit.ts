import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Role } from "@/lib/enums";
import { columnOf, type ColumnValue, jsonText } from "@/server/lib/sql";

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

/**
 * Several audit rows in one insert (batch transitions), with the same rule: the caller's transaction. One
 * statement text for any number of rows (unnest), since every callback batch writes one row per payment.
 */
export async function writeAudits(tx: Db, rows: { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (rows.length === 0) return;
  const col = (f: (r: (typeof rows)[number]) => ColumnValue) => columnOf(rows, f);
  await tx.execute(sql`
    INSERT INTO audit_logs (actor_id, actor_label, action, entity_type, entity_id, before, after, request_id)
    SELECT actor_id, actor_label, action, entity_type, entity_id, before::jsonb, after::jsonb, request_id
    FROM unnest(
      ${col((r) => r.actor.id)}::uuid[], ${col((r) => r.actor.label)}::text[], ${col((r) => r.entry.action)}::text[],
      ${col((r) => r.entry.entityType)}::text[], ${col((r) => r.entry.entityId)}::text[], ${col((r) => jsonText(r.entry.before))}::text[],
      ${col((r) => jsonText(r.entry.after))}::text[], ${col((r) => r.actor.requestId ?? null)}::text[]
    ) AS a(actor_id, actor_label, action, entity_type, entity_id, before, after, request_id)`);
}
