import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { briefConfirmations, briefs } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";

/**
 * "I have read it", for the version the agent saw: confirming an older version than the current one is refused
 * (the agent must read the new text). A second confirmation of the same version is a no-op.
 */
export async function confirmBrief(db: Db, actor: Actor, input: { briefId: number; version: number }, now = new Date()): Promise<{ confirmedAt: Date }> {
  if (!actor.id) throw new ValidationError("only a signed-in user confirms a brief");
  const userId = actor.id;
  return db.transaction(async (tx) => {
    const [brief] = await tx.select({ id: briefs.id, version: briefs.version, incidentId: briefs.incidentId }).from(briefs).where(eq(briefs.id, input.briefId));
    if (!brief) throw new NotFoundError("brief not found");
    if (brief.version !== input.version) throw new ConflictError("the brief has a newer version: read it first");
    const inserted = await tx
      .insert(briefConfirmations)
      .values({ briefId: brief.id, version: brief.version, userId, userLabel: actor.label, confirmedAt: now })
      .onConflictDoNothing()
      .returning({ confirmedAt: briefConfirmations.confirmedAt });
    if (inserted[0]) {
      await writeAudit(tx, actor, { action: "brief.confirm", entityType: "incident", entityId: String(brief.incidentId), after: { briefId: brief.id, version: brief.version } });
      return { confirmedAt: inserted[0].confirmedAt };
    }
    const [existing] = await tx.select({ confirmedAt: briefConfirmations.confirmedAt }).from(briefConfirmations).where(and(eq(briefConfirmations.briefId, brief.id), eq(briefConfirmations.version, brief.version), eq(briefConfirmations.userId, userId)));
    return { confirmedAt: existing?.confirmedAt ?? now };
  });
}
