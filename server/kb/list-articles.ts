import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { kbArticles } from "@/db/schema";
import type { KbCategory, KbVisibility } from "@/lib/kb";

/** The console list (a few hundred articles at most): by category, optionally one tag or visibility; drafts included. */
export async function listArticles(db: Db, input: { category?: KbCategory; tag?: string; visibility?: KbVisibility }) {
  const rows = await db
    .select({
      id: kbArticles.id,
      slug: kbArticles.slug,
      category: kbArticles.category,
      tags: kbArticles.tags,
      visibility: kbArticles.visibility,
      status: kbArticles.status,
      titleZh: kbArticles.titleZh,
      titleEn: kbArticles.titleEn,
      helpfulYes: kbArticles.helpfulYes,
      helpfulNo: kbArticles.helpfulNo,
      updatedAt: kbArticles.updatedAt,
    })
    .from(kbArticles)
    .where(
      and(
        input.category ? eq(kbArticles.category, input.category) : undefined,
        input.visibility ? eq(kbArticles.visibility, input.visibility) : undefined,
        input.tag ? sql`${kbArticles.tags} @> ${JSON.stringify([input.tag])}::jsonb` : undefined,
      ),
    )
    .orderBy(asc(kbArticles.category), asc(kbArticles.slug));
  return rows.map(({ titleZh, titleEn, ...r }) => ({ ...r, title: { "zh-CN": titleZh, en: titleEn } }));
}

/** Public articles for /help: published and public only. */
export async function listPublicArticles(db: Db) {
  const rows = await listArticles(db, { visibility: "public" });
  return rows.filter((r) => r.status === "published");
}
