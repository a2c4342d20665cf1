import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError, ValidationError } from "@/server/lib/errors";
import { appendIncidentEvent } from "./append-incident-event";

export const NOTE_MAX = 2000;

/** A note on the timeline (also after resolution: reviews add findings). */
export async function addIncidentNote(db: Db, incidentId: number, text: string, actor: Actor, now = new Date()): Promise<{ id: number }> {
  const note = text.trim();
  if (note.length < 1 || note.length > NOTE_MAX) throw new ValidationError(`a note has 1 to ${NOTE_MAX} characters`);
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, incidentId)).for("update");
    if (!row) throw new NotFoundError("incident not found");
    await appendIncidentEvent(tx, incidentId, "note", actor.label, { text: note }, now);
    await writeAudit(tx, actor, { action: "incident.note", entityType: "incident", entityId: String(incidentId), after: { text: note } });
    return { id: incidentId };
  });
}
