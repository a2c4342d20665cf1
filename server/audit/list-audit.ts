import "server-only";
import { and, desc, eq, ilike, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLogs } from "@/db/schema";

export type AuditRow = typeof auditLogs.$inferSelect;

export interface ListAuditInput {
  entityType?: string;
  entityId?: string;
  action?: string;
  /** Substring of the actor label (e-mail or system:…). */
  actor?: string;
  /** Keyset cursor: the last row of the previous page. */
  cursor?: { createdAt: Date; id: number };
  limit?: number;
}

/** Admin audit search, newest first by when it happened (audit_logs_created_at_idx). */
export async function listAudit(db: Db, input: ListAuditInput = {}): Promise<{ items: AuditRow[]; nextCursor: { createdAt: Date; id: number } | null }> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = await db
    .select()
    .from(auditLogs)
    .where(
      and(
        input.entityType ? eq(auditLogs.entityType, input.entityType) : undefined,
        input.entityId ? eq(auditLogs.entityId, input.entityId) : undefined,
        input.action ? eq(auditLogs.action, input.action) : undefined,
        input.actor ? ilike(auditLogs.actorLabel, `%${input.actor.replace(/[%_\\]/g, "\\$&")}%`) : undefined,
        input.cursor
          ? or(lt(auditLogs.createdAt, input.cursor.createdAt), and(eq(auditLogs.createdAt, input.cursor.createdAt), lt(auditLogs.id, input.cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}
