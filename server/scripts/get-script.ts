import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scripts, scriptUses, scriptVersions } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";

/** A script with its whole version history (oldest first) and the uses counted per version. */
export async function getScript(db: Db, id: number) {
  const [script] = await db.select().from(scripts).where(eq(scripts.id, id));
  if (!script) throw new NotFoundError(`script ${id} not found`);
  const versions = await db.select().from(scriptVersions).where(eq(scriptVersions.scriptId, id)).orderBy(asc(scriptVersions.number));
  const counts = await db
    .select({ versionId: scriptUses.versionId, n: sql<number>`count(*)::int` })
    .from(scriptUses)
    .where(eq(scriptUses.scriptId, id))
    .groupBy(scriptUses.versionId);
  const uses = new Map(counts.map((c) => [c.versionId, c.n]));
  return {
    script,
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      state: v.state,
      title: { "zh-CN": v.titleZh, en: v.titleEn },
      text: { "zh-CN": v.bodyZh, en: v.bodyEn },
      authorId: v.authorId,
      authorLabel: v.authorLabel,
      createdAt: v.createdAt,
      submittedAt: v.submittedAt,
      approvedAt: v.approvedAt,
      approvedByLabel: v.approvedByLabel,
      rejectedAt: v.rejectedAt,
      rejectedByLabel: v.rejectedByLabel,
      rejectReason: v.rejectReason,
      uses: uses.get(v.id) ?? 0,
    })),
  };
}
