import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scripts, scriptVersions } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";

/** draft → pending_approval (conditional: a version already submitted, superseded or decided is refused). */
export async function submitScriptVersion(db: Db, actor: Actor, versionId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(scriptVersions)
      .set({ state: "pending_approval", submittedAt: new Date() })
      .where(and(eq(scriptVersions.id, versionId), eq(scriptVersions.state, "draft")))
      .returning({ scriptId: scriptVersions.scriptId, number: scriptVersions.number });
    if (!moved) {
      const [exists] = await tx.select({ state: scriptVersions.state }).from(scriptVersions).where(eq(scriptVersions.id, versionId));
      if (!exists) throw new NotFoundError(`script version ${versionId} not found`);
      throw new ConflictError(`script version ${versionId} is ${exists.state}, not a draft`);
    }
    await tx.update(scripts).set({ status: "pending_approval" }).where(and(eq(scripts.id, moved.scriptId), eq(scripts.status, "draft")));
    await writeAudit(tx, actor, { action: "script.submit", entityType: "script", entityId: String(moved.scriptId), after: { versionId, number: moved.number } });
  });
}
