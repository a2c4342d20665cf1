import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { securityNotices } from "@/db/schema";
import { writeAudits, type Actor } from "@/server/audit/write-audit";

/**
 * Dismisses some of the actor's own open notices, each with its audit row in the same transaction: a notice
 * says "someone tried your password", so who made it go away, and when, is worth keeping. Ids of another
 * user's notices, or of notices already dismissed, are ignored (and not audited).
 */
export async function dismissSecurityNotices(db: Db, actor: Actor & { id: string }, ids: number[], now = new Date()): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(securityNotices)
      .set({ seenAt: now, updatedAt: now })
      .where(and(eq(securityNotices.userId, actor.id), inArray(securityNotices.id, ids), isNull(securityNotices.seenAt)))
      .returning({ id: securityNotices.id, kind: securityNotices.kind });
    await writeAudits(
      tx,
      rows.map((r) => ({
        actor,
        entry: { action: "user.security_notice_dismissed", entityType: "security_notice", entityId: String(r.id), after: { kind: r.kind, seenAt: now.toISOString() } },
      })),
    );
    return rows.length;
  });
}
