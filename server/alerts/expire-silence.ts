import "server-only";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertSilences } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError } from "@/server/lib/errors";

/** Ends a silence or maintenance window now (one already over is left as it was). Audited. */
export async function expireSilence(db: Db, id: number, actor: Actor, now = new Date()): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(alertSilences).where(eq(alertSilences.id, id));
    if (!before) throw new NotFoundError("silence not found");
    const [row] = await tx.update(alertSilences).set({ endsAt: now }).where(and(eq(alertSilences.id, id), gt(alertSilences.endsAt, now))).returning({ endsAt: alertSilences.endsAt });
    if (row) await writeAudit(tx, actor, { action: "alert.silence_expire", entityType: "alert_silence", entityId: String(id), before: { endsAt: before.endsAt }, after: { endsAt: row.endsAt } });
    return { id };
  });
}
