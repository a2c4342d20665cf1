import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { columnList, jsonRecordset } from "@/server/lib/sql";
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

const AUDIT_ROW = {
  actor_id: "uuid",
  actor_label: "text",
  action: "text",
  entity_type: "text",
  entity_id: "text",
  before: "jsonb",
  after: "jsonb",
  request_id: "text",
};

/**
 * Several audit rows in one insert (batch transitions), with the same rule: the caller's transaction. One
 * statement text for any number of rows, and one JSON document: `before` and `after` travel as JSON values
 * inside it instead of JSON text escaped again into an array literal (every callback batch writes one row
 * per payment). JSON null, like an absent value, is SQL NULL.
 */
export async function writeAudits(tx: Db, rows: { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map(({ actor, entry }) => ({
    actor_id: actor.id,
    actor_label: actor.label,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    request_id: actor.requestId ?? null,
  }));
  const columns = columnList(AUDIT_ROW);
  await tx.execute(sql`INSERT INTO audit_logs (${columns}) SELECT ${columns} FROM ${jsonRecordset("a", AUDIT_ROW, records)}`);
}

/**
 * writeAudits as a CTE of the caller's statement, for changes made by the same statement (the callback
 * inbox's payments decided in SQL): `${name}` inserts one audit row per row of `source`, a relation of that
 * statement with the columns actor_label, action, entity_type, entity_id, before (jsonb), after (jsonb), and
 * `orderBy`, the order the rows are written in. System actors only: no actor id, no request id.
 */
export function auditRowsCte(name: string, source: string, orderBy: string): SQL {
  return sql`${sql.raw(name)} AS (
      INSERT INTO audit_logs (actor_id, actor_label, action, entity_type, entity_id, before, after, request_id)
      SELECT NULL, s.actor_label, s.action, s.entity_type, s.entity_id, s.before, s.after, NULL FROM ${sql.raw(source)} s ORDER BY s.${sql.raw(orderBy)}
    )`;
}
