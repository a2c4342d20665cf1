import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scripts, scriptUses, scriptVersions } from "@/db/schema";
import type { Localized, ScriptCategory, ScriptSituation, ScriptStatus } from "@/lib/scripts";

export interface ScriptListItem {
  id: number;
  key: string;
  category: ScriptCategory;
  situations: ScriptSituation[];
  status: ScriptStatus;
  /** Title of the published version, else of the newest version. */
  title: Localized;
  /** Number of the version the title comes from. */
  version: number;
  /** Whether a newer version waits for approval. */
  pendingVersionId: number | null;
  uses: number;
}

export interface ListScriptsInput {
  status?: "published" | "draft" | "pending_approval" | "all";
  category?: ScriptCategory;
  q?: string;
}

/**
 * The library: one row per script with its shown version and usage count. "pending_approval" lists scripts
 * with a version waiting (the approval queue), whatever the script's own status; archived scripts only under "all".
 */
export async function listScripts(db: Db, input: ListScriptsInput): Promise<ScriptListItem[]> {
  const rows = await db
    .select({ script: scripts, version: scriptVersions })
    .from(scripts)
    .innerJoin(scriptVersions, eq(scriptVersions.scriptId, scripts.id))
    .where(input.category ? eq(scripts.category, input.category) : undefined)
    .orderBy(asc(scripts.category), asc(scripts.key), asc(scriptVersions.number));
  const byScript = new Map<number, { script: typeof scripts.$inferSelect; versions: (typeof scriptVersions.$inferSelect)[] }>();
  for (const r of rows) {
    const entry = byScript.get(r.script.id) ?? { script: r.script, versions: [] };
    entry.versions.push(r.version);
    byScript.set(r.script.id, entry);
  }
  const ids = [...byScript.keys()];
  const counts = ids.length
    ? await db.select({ scriptId: scriptUses.scriptId, n: sql<number>`count(*)::int` }).from(scriptUses).where(inArray(scriptUses.scriptId, ids)).groupBy(scriptUses.scriptId)
    : [];
  const useCount = new Map(counts.map((c) => [c.scriptId, c.n]));
  const q = input.q?.trim().toLowerCase();
  const status = input.status ?? "all";
  const items: ScriptListItem[] = [];
  for (const { script, versions } of byScript.values()) {
    const pending = versions.find((v) => v.state === "pending_approval") ?? null;
    if (status === "pending_approval" ? !pending : status === "all" ? false : script.status !== status) continue;
    if (status !== "all" && script.status === "archived") continue;
    const shown = versions.find((v) => v.id === script.publishedVersionId) ?? versions[versions.length - 1]!;
    if (q && !versions.some((v) => [v.titleZh, v.titleEn, v.bodyZh, v.bodyEn, script.key].some((s) => s.toLowerCase().includes(q)))) continue;
    items.push({
      id: script.id,
      key: script.key,
      category: script.category,
      situations: script.situations,
      status: script.status,
      title: { "zh-CN": shown.titleZh, en: shown.titleEn },
      version: shown.number,
      pendingVersionId: pending?.id ?? null,
      uses: useCount.get(script.id) ?? 0,
    });
  }
  return items;
}
