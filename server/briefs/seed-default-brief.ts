import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { briefs, briefVersions, incidents } from "@/db/schema";
import { defaultBrief } from "@/lib/briefs";
import { systemActor, writeAudit } from "@/server/audit/write-audit";

/**
 * Gives an incident the default brief (lib/briefs.ts defaultBrief) unless it already has one, so the desk
 * always briefs while a supervisor writes the specifics. Idempotent: the unique incident id decides.
 */
export async function seedDefaultBrief(db: Db, incidentId: number, now = new Date()): Promise<{ created: boolean }> {
  return db.transaction(async (tx) => {
    const [incident] = await tx.select({ provider: incidents.provider }).from(incidents).where(eq(incidents.id, incidentId));
    if (!incident) return { created: false };
    const content = defaultBrief(incident.provider);
    const actor = systemActor("default-brief");
    const [row] = await tx
      .insert(briefs)
      .values({ incidentId, content, version: 1, updatedBy: actor.label, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: briefs.id });
    if (!row) return { created: false };
    await tx.insert(briefVersions).values({ briefId: row.id, version: 1, content, savedBy: actor.label, savedAt: now });
    await writeAudit(tx, actor, { action: "brief.save", entityType: "incident", entityId: String(incidentId), after: { version: 1, content, pinned: false } });
    return { created: true };
  });
}
