import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scripts, scriptVersions } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, ForbiddenError, NotFoundError } from "@/server/lib/errors";

/**
 * pending_approval → published, by someone other than its author (four eyes: the database check
 * script_versions_not_self_approved says the same). The previously published version is superseded and the
 * script points at the new one, in one transaction: agents see either the old words or the new, never none.
 */
export async function approveScriptVersion(db: Db, actor: Actor, versionId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [v] = await tx.select().from(scriptVersions).where(eq(scriptVersions.id, versionId)).for("update");
    if (!v) throw new NotFoundError(`script version ${versionId} not found`);
    if (v.authorId !== null && v.authorId === actor.id) throw new ForbiddenError("you cannot approve your own draft");
    const now = new Date();
    const [moved] = await tx
      .update(scriptVersions)
      .set({ state: "published", approvedAt: now, approvedBy: actor.id, approvedByLabel: actor.label })
      .where(and(eq(scriptVersions.id, versionId), eq(scriptVersions.state, "pending_approval")))
      .returning({ id: scriptVersions.id });
    if (!moved) throw new ConflictError(`script version ${versionId} is ${v.state}, not pending approval`);
    await tx
      .update(scriptVersions)
      .set({ state: "superseded" })
      .where(and(eq(scriptVersions.scriptId, v.scriptId), eq(scriptVersions.state, "published"), ne(scriptVersions.id, versionId)));
    const [before] = await tx.select({ publishedVersionId: scripts.publishedVersionId }).from(scripts).where(eq(scripts.id, v.scriptId));
    await tx.update(scripts).set({ status: "published", publishedVersionId: versionId }).where(eq(scripts.id, v.scriptId));
    await writeAudit(tx, actor, {
      action: "script.approve",
      entityType: "script",
      entityId: String(v.scriptId),
      before: { publishedVersionId: before?.publishedVersionId ?? null },
      after: { publishedVersionId: versionId, number: v.number, author: v.authorLabel },
    });
  });
}
