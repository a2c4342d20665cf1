import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { kbArticles, scripts, users } from "@/db/schema";
import { systemActor, type Actor } from "@/server/audit/write-audit";
import { linkArticle } from "@/server/kb/article-links";
import { saveArticle } from "@/server/kb/save-article";
import { SEED_ARTICLES } from "@/server/kb/seed-content";
import { approveScriptVersion } from "./approve-script-version";
import { saveScriptDraft } from "./save-script-draft";
import { SEED_PENDING_EDIT, SEED_SCRIPTS } from "./seed-content";
import { submitScriptVersion } from "./submit-script-version";

/**
 * The starting reply scripts (published) and FAQ/SOP articles, linked to each other, plus one edit a senior
 * agent submitted that waits for a manager's approval. Through the same verbs the console uses (audited).
 * Idempotent: scripts or articles already there (by key or slug) are left alone.
 */
export async function seedScriptsAndKb(db: Db): Promise<{ scripts: number; articles: number }> {
  const seed = systemActor("seed");
  const existing = new Set((await db.select({ key: scripts.key }).from(scripts).where(inArray(scripts.key, SEED_SCRIPTS.map((s) => s.key)))).map((r) => r.key));
  const ids = new Map<string, number>();
  for (const s of SEED_SCRIPTS) {
    if (existing.has(s.key)) continue;
    const { scriptId, versionId } = await saveScriptDraft(db, seed, s);
    await submitScriptVersion(db, seed, versionId);
    await approveScriptVersion(db, seed, versionId);
    ids.set(s.key, scriptId);
  }
  const pendingId = ids.get(SEED_PENDING_EDIT.key);
  if (pendingId) {
    const [senior] = await db.select({ id: users.id, email: users.email, role: users.role }).from(users).where(eq(users.email, "senior@payops.local"));
    const author: Actor = senior ? { id: senior.id, label: senior.email, role: senior.role } : systemActor("seed-editor");
    const base = SEED_SCRIPTS.find((s) => s.key === SEED_PENDING_EDIT.key)!;
    const { versionId } = await saveScriptDraft(db, author, { ...base, scriptId: pendingId, title: SEED_PENDING_EDIT.title, text: SEED_PENDING_EDIT.text });
    await submitScriptVersion(db, author, versionId);
  }
  const known = new Set((await db.select({ slug: kbArticles.slug }).from(kbArticles).where(inArray(kbArticles.slug, SEED_ARTICLES.map((a) => a.slug)))).map((r) => r.slug));
  let articles = 0;
  for (const a of SEED_ARTICLES) {
    if (known.has(a.slug)) continue;
    const { id } = await saveArticle(db, seed, { slug: a.slug, category: a.category, tags: a.tags, visibility: a.visibility, status: "published", title: a.title, body: a.body });
    articles++;
    for (const key of a.scripts) {
      const scriptId = ids.get(key);
      if (scriptId) await linkArticle(db, seed, { articleId: id, target: { kind: "script", id: scriptId } });
    }
  }
  return { scripts: ids.size, articles };
}
