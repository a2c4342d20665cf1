import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { kbArticles, kbFeedback, kbRevisions } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";

export function presentArticle(a: typeof kbArticles.$inferSelect) {
  return {
    id: a.id,
    slug: a.slug,
    category: a.category,
    tags: a.tags,
    visibility: a.visibility,
    status: a.status,
    title: { "zh-CN": a.titleZh, en: a.titleEn },
    body: { "zh-CN": a.bodyZh, en: a.bodyEn },
    revision: a.revision,
    helpfulYes: a.helpfulYes,
    helpfulNo: a.helpfulNo,
    updatedBy: a.updatedBy,
    updatedAt: a.updatedAt,
  };
}

/** An article for the console: its words, its revisions (newest first) and its latest feedback comments. */
export async function getArticle(db: Db, slug: string) {
  const [a] = await db.select().from(kbArticles).where(eq(kbArticles.slug, slug));
  if (!a) throw new NotFoundError(`article ${slug} not found`);
  const revisions = await db.select().from(kbRevisions).where(eq(kbRevisions.articleId, a.id)).orderBy(desc(kbRevisions.revision));
  const comments = await db
    .select({ helpful: kbFeedback.helpful, comment: kbFeedback.comment, source: kbFeedback.source, createdAt: kbFeedback.createdAt })
    .from(kbFeedback)
    .where(eq(kbFeedback.articleId, a.id))
    .orderBy(desc(kbFeedback.createdAt))
    .limit(20);
  return {
    article: presentArticle(a),
    revisions: revisions.map((r) => ({
      revision: r.revision,
      title: { "zh-CN": r.titleZh, en: r.titleEn },
      body: { "zh-CN": r.bodyZh, en: r.bodyEn },
      visibility: r.visibility,
      status: r.status,
      authorLabel: r.authorLabel,
      createdAt: r.createdAt,
    })),
    comments: comments.filter((c) => c.comment),
  };
}
