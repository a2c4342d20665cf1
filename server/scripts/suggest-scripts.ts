import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scripts, scriptUses, scriptVersions } from "@/db/schema";
import { fillTemplate, type Localized, type ScriptCategory } from "@/lib/scripts";
import { getActiveBrief } from "@/server/briefs/get-active-brief";
import { loadScriptContext } from "./script-values";

export type SuggestionReason = "situation" | "incident" | "popular";

export interface ScriptSuggestion {
  id: number;
  versionId: number;
  key: string;
  category: ScriptCategory;
  title: Localized;
  /** Variables filled from the order in context; unknown ones stay as {name}. */
  text: Localized;
  reason: SuggestionReason;
  uses: number;
}

/**
 * Published scripts for the order (or ticket) in context: first those fitting the order's situation, then those
 * the active incident's brief names, then the rest by how often agents used them. Within a group, most used first.
 */
export async function suggestScripts(db: Db, input: { orderNo?: string; ticketId?: number }): Promise<ScriptSuggestion[]> {
  const ctx = await loadScriptContext(db, input);
  const brief = await getActiveBrief(db);
  const rows = await db
    .select({ script: scripts, version: scriptVersions })
    .from(scripts)
    .innerJoin(scriptVersions, eq(scriptVersions.id, scripts.publishedVersionId))
    .where(eq(scripts.status, "published"));
  const ids = rows.map((r) => r.script.id);
  const counts = ids.length
    ? await db.select({ scriptId: scriptUses.scriptId, n: sql<number>`count(*)::int` }).from(scriptUses).where(inArray(scriptUses.scriptId, ids)).groupBy(scriptUses.scriptId)
    : [];
  const uses = new Map(counts.map((c) => [c.scriptId, c.n]));
  const kind = ctx.situation?.kind ?? null;
  const briefIds = new Set(brief?.scriptIds ?? []);
  const rank: Record<SuggestionReason, number> = { situation: 0, incident: 1, popular: 2 };
  return rows
    .map(({ script, version }): ScriptSuggestion => {
      const reason: SuggestionReason = kind && script.situations.includes(kind) ? "situation" : briefIds.has(script.id) ? "incident" : "popular";
      return {
        id: script.id,
        versionId: version.id,
        key: script.key,
        category: script.category,
        title: { "zh-CN": version.titleZh, en: version.titleEn },
        text: { "zh-CN": fillTemplate(version.bodyZh, ctx.values["zh-CN"]), en: fillTemplate(version.bodyEn, ctx.values.en) },
        reason,
        uses: uses.get(script.id) ?? 0,
      };
    })
    .sort((a, b) => rank[a.reason] - rank[b.reason] || b.uses - a.uses || a.key.localeCompare(b.key));
}
