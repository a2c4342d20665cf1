import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statusSettings } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";

/** Whether a critical payment alert that opens an incident publishes the "busy" notice by itself (off until set). */
export async function readAutoPublish(db: Db): Promise<boolean> {
  const [row] = await db.select({ autoPublish: statusSettings.autoPublish }).from(statusSettings).where(eq(statusSettings.id, 1));
  return row?.autoPublish ?? false;
}

/** status.setAutoPublish (audited). */
export async function setAutoPublish(db: Db, enabled: boolean, actor: Actor): Promise<{ enabled: boolean }> {
  return db.transaction(async (tx) => {
    const before = await readAutoPublish(tx);
    await tx
      .insert(statusSettings)
      .values({ id: 1, autoPublish: enabled, updatedBy: actor.label })
      .onConflictDoUpdate({ target: statusSettings.id, set: { autoPublish: enabled, updatedBy: actor.label } });
    await writeAudit(tx, actor, { action: "status.setAutoPublish", entityType: "status_settings", entityId: "1", before: { autoPublish: before }, after: { autoPublish: enabled } });
    return { enabled };
  });
}
