import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { briefs, briefVersions, incidents } from "@/db/schema";
import { BRIEF_FIELDS, BRIEF_TEXT_MAX, type BriefContent } from "@/lib/briefs";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";

export interface SaveBriefInput {
  incidentId: number;
  content: BriefContent;
  pinned?: boolean;
  /** The version the editor started from: a save over someone else's newer version is refused, not merged. */
  baseVersion?: number | null;
}

function clean(content: BriefContent): BriefContent {
  const out = { scriptIds: [...new Set(content.scriptIds)] } as BriefContent;
  for (const f of BRIEF_FIELDS) {
    const zh = content[f]["zh-CN"].trim();
    const en = content[f].en.trim();
    if (zh.length > BRIEF_TEXT_MAX || en.length > BRIEF_TEXT_MAX) throw new ValidationError(`${f}: at most ${BRIEF_TEXT_MAX} characters`);
    out[f] = { "zh-CN": zh, en };
  }
  if (!out.happening["zh-CN"] || !out.happening.en) throw new ValidationError("say what is happening, in both languages");
  return out;
}

/** Creates the incident's brief (version 1) or saves a new version; the history keeps every version. */
export async function saveBrief(db: Db, actor: Actor, input: SaveBriefInput, now = new Date()): Promise<{ id: number; version: number }> {
  const content = clean(input.content);
  return db.transaction(async (tx) => {
    const [incident] = await tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, input.incidentId)).for("update");
    if (!incident) throw new NotFoundError("incident not found");
    const [current] = await tx.select().from(briefs).where(eq(briefs.incidentId, input.incidentId));
    if (input.baseVersion !== undefined && (current?.version ?? null) !== input.baseVersion) {
      throw new ConflictError("the brief was changed by someone else meanwhile: reload it");
    }
    const pinned = input.pinned ?? current?.pinned ?? false;
    // One pinned brief at most: pinning this one unpins the others.
    if (pinned && !current?.pinned) await tx.update(briefs).set({ pinned: false }).where(eq(briefs.pinned, true));
    const [row] = current
      ? await tx
          .update(briefs)
          .set({ content, pinned, version: sql`${briefs.version} + 1`, updatedBy: actor.label, updatedAt: now })
          .where(eq(briefs.id, current.id))
          .returning()
      : await tx.insert(briefs).values({ incidentId: input.incidentId, content, pinned, version: 1, updatedBy: actor.label, createdAt: now, updatedAt: now }).returning();
    if (!row) throw new ConflictError("the brief could not be saved");
    await tx.insert(briefVersions).values({ briefId: row.id, version: row.version, content, savedBy: actor.label, savedAt: now });
    await writeAudit(tx, actor, {
      action: "brief.save",
      entityType: "incident",
      entityId: String(input.incidentId),
      before: current ? { version: current.version, content: current.content, pinned: current.pinned } : null,
      after: { version: row.version, content, pinned },
    });
    return { id: row.id, version: row.version };
  });
}
