import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { kbArticles } from "@/db/schema";
import { presentArticle } from "./get-article";

/** A published public article by slug, or null (internal or draft articles do not exist for the public). */
export async function getPublicArticle(db: Db, slug: string) {
  const [a] = await db
    .select()
    .from(kbArticles)
    .where(and(eq(kbArticles.slug, slug), eq(kbArticles.visibility, "public"), eq(kbArticles.status, "published")));
  return a ? presentArticle(a) : null;
}
