import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents, users } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { appendIncidentEvent } from "./append-incident-event";

/** The incident commander: "me" or a person's e-mail (an active user). Open incidents only. */
export async function setCommander(db: Db, incidentId: number, commander: string, actor: Actor, now = new Date()): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    let label = actor.label;
    if (commander !== "me") {
      const [user] = await tx.select({ email: users.email, disabled: users.disabledAt }).from(users).where(sql`lower(${users.email}) = ${commander.trim().toLowerCase()}`);
      if (!user || user.disabled) throw new ValidationError("no active user with that e-mail");
      label = user.email;
    }
    const [before] = await tx.select({ commander: incidents.commander, status: incidents.status }).from(incidents).where(eq(incidents.id, incidentId));
    if (!before) throw new NotFoundError("incident not found");
    const [row] = await tx.update(incidents).set({ commander: label }).where(and(eq(incidents.id, incidentId), eq(incidents.status, "open"))).returning({ id: incidents.id });
    if (!row) throw new ConflictError("incident is resolved");
    await appendIncidentEvent(tx, incidentId, "commander_set", actor.label, { commander: label, previous: before.commander }, now);
    await writeAudit(tx, actor, { action: "incident.set_commander", entityType: "incident", entityId: String(incidentId), before: { commander: before.commander }, after: { commander: label } });
    return { id: incidentId };
  });
}
