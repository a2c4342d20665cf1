import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, type AlertRow } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { appendAlertEvent } from "@/server/incidents/append-incident-event";
import { ConflictError, NotFoundError } from "@/server/lib/errors";

/** firing → acknowledged: somebody is on it (repeats and escalation stop). Conditional, audited. */
export async function acknowledgeAlert(db: Db, alertId: number, actor: Actor): Promise<AlertRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(alerts)
      .set({ status: "acknowledged", acknowledgedAt: new Date(), acknowledgedBy: actor.label })
      .where(and(eq(alerts.id, alertId), eq(alerts.status, "firing")))
      .returning();
    if (!row) {
      const [existing] = await tx.select({ status: alerts.status }).from(alerts).where(eq(alerts.id, alertId));
      if (!existing) throw new NotFoundError("alert not found");
      throw new ConflictError(`alert is ${existing.status}, not firing`);
    }
    await writeAudit(tx, actor, { action: "alert.acknowledge", entityType: "alert", entityId: String(alertId), before: { status: "firing" }, after: { status: "acknowledged" } });
    await appendAlertEvent(tx, alertId, "alert_acknowledged", actor.label, { ruleKey: row.ruleKey, provider: row.provider }, row.acknowledgedAt ?? undefined);
    return row;
  });
}
