import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scripts, scriptVersions } from "@/db/schema";
import type { Localized, ScriptCategory, ScriptSituation } from "@/lib/scripts";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";

export interface ScriptDraftInput {
  /** An existing script gets a new version; without it a new script is created. */
  scriptId?: number;
  key?: string;
  category: ScriptCategory;
  situations: ScriptSituation[];
  title: Localized;
  text: Localized;
}

/**
 * Every edit is a new version (the old words stay in the history, unchanged). An earlier draft or pending
 * version of the same script is superseded: there is one proposal under review at a time, the newest.
 * The published version stays what agents see until the new one is approved.
 */
export async function saveScriptDraft(db: Db, actor: Actor, input: ScriptDraftInput): Promise<{ scriptId: number; versionId: number; number: number }> {
  return db.transaction(async (tx) => {
    let scriptId = input.scriptId;
    if (scriptId === undefined) {
      if (!input.key) throw new ConflictError("a new script needs a key");
      const [created] = await tx
        .insert(scripts)
        .values({ key: input.key, category: input.category, situations: input.situations, status: "draft", createdBy: actor.label })
        .onConflictDoNothing()
        .returning({ id: scripts.id });
      if (!created) throw new ConflictError(`script key ${input.key} is taken`);
      scriptId = created.id;
      await writeAudit(tx, actor, { action: "script.create", entityType: "script", entityId: String(scriptId), after: { key: input.key, category: input.category } });
    } else {
      // Lock the script row: two editors saving at once get consecutive numbers, not a unique violation.
      const [locked] = await tx.select({ id: scripts.id, status: scripts.status }).from(scripts).where(eq(scripts.id, scriptId)).for("update");
      if (!locked) throw new NotFoundError(`script ${scriptId} not found`);
      if (locked.status === "archived") throw new ConflictError("script is archived");
      await tx.update(scripts).set({ category: input.category, situations: input.situations }).where(eq(scripts.id, scriptId));
    }
    await tx
      .update(scriptVersions)
      .set({ state: "superseded" })
      .where(and(eq(scriptVersions.scriptId, scriptId), inArray(scriptVersions.state, ["draft", "pending_approval"])));
    const [{ next } = { next: 1 }] = await tx
      .select({ next: sql<number>`coalesce(max(${scriptVersions.number}), 0)::int + 1` })
      .from(scriptVersions)
      .where(eq(scriptVersions.scriptId, scriptId));
    const [version] = await tx
      .insert(scriptVersions)
      .values({
        scriptId,
        number: next,
        state: "draft",
        titleZh: input.title["zh-CN"],
        titleEn: input.title.en,
        bodyZh: input.text["zh-CN"],
        bodyEn: input.text.en,
        authorId: actor.id,
        authorLabel: actor.label,
      })
      .returning({ id: scriptVersions.id });
    // A script never published shows as a draft again; a published one stays published (its draft waits beside it).
    await tx.update(scripts).set({ status: "draft" }).where(and(eq(scripts.id, scriptId), inArray(scripts.status, ["pending_approval"])));
    await writeAudit(tx, actor, {
      action: "script.draft",
      entityType: "script",
      entityId: String(scriptId),
      after: { versionId: version!.id, number: next, title: input.title, category: input.category, situations: input.situations },
    });
    return { scriptId, versionId: version!.id, number: next };
  });
}
