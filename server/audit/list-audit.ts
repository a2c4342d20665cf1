import "server-only";
import { and, eq, getTableColumns } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";

export type AuditRow = typeof auditLogs.$inferSelect;

export interface ListAuditInput {
  entityType?: string;
  entityId?: string;
  action?: string;
  /**
   * The actor label exactly (e-mail or system:…). Exact, not a substring: a substring cannot use an index,
   * and a search for a name that matches nothing would read every audit row.
   */
  actor?: string;
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string;
  limit?: number;
}

// Served by audit_logs_created_at_id_idx, audit_logs_actor_label_created_at_id_idx and
// audit_logs_entity_type_entity_id_created_at_id_idx.
export const auditNewestFirst: KeysetSort = {
  name: "audit.created",
  keys: [
    { expr: auditLogs.createdAt, kind: "timestamptz" },
    { expr: auditLogs.id, kind: "bigint" },
  ],
  direction: "desc",
};

/** Admin audit search, newest first by when it happened. */
export async function listAudit(db: Db, input: ListAuditInput = {}): Promise<KeysetPage<AuditRow>> {
  const ks = keyset(auditNewestFirst, input.cursor, input.limit);
  const actor = input.actor?.trim();
  const rows = await db
    .select({ ...getTableColumns(auditLogs), ...ks.select })
    .from(auditLogs)
    .where(
      and(
        input.entityType ? eq(auditLogs.entityType, input.entityType) : undefined,
        input.entityId ? eq(auditLogs.entityId, input.entityId) : undefined,
        input.action ? eq(auditLogs.action, input.action) : undefined,
        actor ? eq(auditLogs.actorLabel, actor) : undefined,
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  return ks.page(rows);
}
