import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { kbArticles } from "@/db/schema";
import type { Locale } from "@/lib/i18n/locale";
import type { KbCategory, KbVisibility } from "@/lib/kb";
import type { Localized } from "@/lib/scripts";

export interface ArticleHit {
  id: number;
  slug: string;
  category: KbCategory;
  visibility: KbVisibility;
  title: Localized;
  /** A piece of the body in the asked language around the first match (plain text, Markdown marks stripped). */
  snippet: string;
  score: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What the trigram index reads: both languages' titles, tags and bodies, lowercased. */
export function articleSearchText(a: { titleZh: string; titleEn: string; bodyZh: string; bodyEn: string; tags: string[]; slug: string }): string {
  return [a.titleZh, a.titleEn, a.tags.join(" "), a.slug, a.bodyZh, a.bodyEn].join("\n").toLowerCase();
}

function snippetOf(body: string, terms: string[]): string {
  const plain = body.replace(/[#>*_`|[\]()-]+/g, " ").replace(/\s+/g, " ").trim();
  const lower = plain.toLowerCase();
  const at = Math.max(0, Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0), plain.length));
  const start = Math.max(0, (at === plain.length ? 0 : at) - 30);
  return (start > 0 ? "…" : "") + plain.slice(start, start + 140) + (start + 140 < plain.length ? "…" : "");
}

/**
 * Published articles matching a query, best first. Chinese has no spaces to split words on, so matching is by
 * substring (every term must occur: ILIKE, which the pg_trgm GIN index serves for terms of 3+ characters and a
 * 2-character word like 退款 still finds by scan) or by trigram word similarity for misspelt English; ranked
 * by a title hit, then how many terms hit, then similarity.
 */
export async function searchArticles(db: Db, input: { q: string; locale: Locale; visibility?: "public" | "internal" | "all"; limit?: number }): Promise<ArticleHit[]> {
  const q = input.q.trim().toLowerCase().slice(0, 100);
  if (!q) return [];
  const terms = [...new Set(q.split(/\s+/).filter(Boolean))].slice(0, 8);
  const all: SQL[] = terms.map((t) => sql`${kbArticles.searchText} ilike ${`%${escapeLike(t)}%`}`);
  const titleHit = sql`(${sql.join(terms.map((t) => sql`(lower(${kbArticles.titleZh} || ' ' || ${kbArticles.titleEn}) like ${`%${escapeLike(t)}%`})::int`), sql` + `)})`;
  const termHits = sql`(${sql.join(terms.map((t) => sql`(${kbArticles.searchText} like ${`%${escapeLike(t)}%`})::int`), sql` + `)})`;
  const similarity = sql<number>`word_similarity(${q}, ${kbArticles.searchText})`;
  const score = sql<number>`(${titleHit} * 10 + ${termHits} * 2 + ${similarity})::float8`;
  const visibility = input.visibility ?? "all";
  const rows = await db
    .select({
      id: kbArticles.id,
      slug: kbArticles.slug,
      category: kbArticles.category,
      visibility: kbArticles.visibility,
      titleZh: kbArticles.titleZh,
      titleEn: kbArticles.titleEn,
      bodyZh: kbArticles.bodyZh,
      bodyEn: kbArticles.bodyEn,
      score,
    })
    .from(kbArticles)
    .where(
      and(
        eq(kbArticles.status, "published"),
        visibility === "all" ? undefined : eq(kbArticles.visibility, visibility),
        sql`((${and(...all)}) or ${q} <% ${kbArticles.searchText})`,
      ),
    )
    .orderBy(sql`${score} desc`, kbArticles.id)
    .limit(Math.min(input.limit ?? 20, 50));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    category: r.category,
    visibility: r.visibility,
    title: { "zh-CN": r.titleZh, en: r.titleEn },
    snippet: snippetOf(input.locale === "en" ? r.bodyEn : r.bodyZh, terms),
    score: Number(r.score),
  }));
}
