import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scripts, scriptVersions } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, ForbiddenError, NotFoundError } from "@/server/lib/errors";

/** pending_approval → rejected with the reviewer's reason; the author edits and submits a new version. */
export async function rejectScriptVersion(db: Db, actor: Actor, versionId: number, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [v] = await tx.select().from(scriptVersions).where(eq(scriptVersions.id, versionId)).for("update");
    if (!v) throw new NotFoundError(`script version ${versionId} not found`);
    if (v.authorId !== null && v.authorId === actor.id) throw new ForbiddenError("you cannot review your own draft");
    const [moved] = await tx
      .update(scriptVersions)
      .set({ state: "rejected", rejectedAt: new Date(), rejectedBy: actor.id, rejectedByLabel: actor.label, rejectReason: reason })
      .where(and(eq(scriptVersions.id, versionId), eq(scriptVersions.state, "pending_approval")))
      .returning({ id: scriptVersions.id });
    if (!moved) throw new ConflictError(`script version ${versionId} is ${v.state}, not pending approval`);
    // Never published: back to draft. Published: stays published with the old words.
    await tx.update(scripts).set({ status: "draft" }).where(and(eq(scripts.id, v.scriptId), isNull(scripts.publishedVersionId)));
    await writeAudit(tx, actor, { action: "script.reject", entityType: "script", entityId: String(v.scriptId), after: { versionId, number: v.number, reason } });
  });
}
