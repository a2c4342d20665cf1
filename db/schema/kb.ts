import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { KbCategory, KbStatus, KbVisibility } from "@/lib/kb";
import { timestamps } from "./_columns";
import { users } from "./auth";
import { incidents } from "./incidents";
import { scripts } from "./scripts";
import { tickets } from "./tickets";

/** A FAQ or SOP article; internal ones for the console, public ones also on /help. Edits go through server/kb/. */
export const kbArticles = pgTable(
  "kb_articles",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    slug: text().notNull(),
    category: text().$type<KbCategory>().notNull(),
    tags: jsonb().$type<string[]>().notNull().default([]),
    visibility: text().$type<KbVisibility>().notNull().default("internal"),
    status: text().$type<KbStatus>().notNull().default("draft"),
    titleZh: text().notNull(),
    titleEn: text().notNull(),
    bodyZh: text().notNull(),
    bodyEn: text().notNull(),
    /** Titles, bodies and tags lowercased in one column: what the trigram index and the search read. */
    searchText: text().notNull().default(""),
    revision: integer().notNull().default(1),
    helpfulYes: integer().notNull().default(0),
    helpfulNo: integer().notNull().default(0),
    updatedBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // article pages by slug, public /help/articles/[slug]
    uniqueIndex("kb_articles_slug_idx").on(t.slug),
    // search: trigram similarity and ILIKE on Chinese and English text (pg_trgm; 2-character Chinese words too)
    index("kb_articles_search_text_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    // the /help index and the console list by category
    index("kb_articles_visibility_status_category_idx").on(t.visibility, t.status, t.category),
  ],
);

/** Every saved state of an article (history and diff view); written in the same transaction as the edit. */
export const kbRevisions = pgTable(
  "kb_revisions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    articleId: bigint({ mode: "number" })
      .notNull()
      .references(() => kbArticles.id, { onDelete: "restrict" }),
    revision: integer().notNull(),
    titleZh: text().notNull(),
    titleEn: text().notNull(),
    bodyZh: text().notNull(),
    bodyEn: text().notNull(),
    visibility: text().$type<KbVisibility>().notNull(),
    status: text().$type<KbStatus>().notNull(),
    authorId: uuid().references(() => users.id, { onDelete: "restrict" }),
    authorLabel: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // the history of one article, newest first; the unique pair stops two concurrent saves both being "revision n"
    uniqueIndex("kb_revisions_article_id_revision_idx").on(t.articleId, t.revision),
  ],
);

/** "Was this helpful?" answers, from console users (actorId) or anonymous public visitors (throttled per address). */
export const kbFeedback = pgTable(
  "kb_feedback",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    articleId: bigint({ mode: "number" })
      .notNull()
      .references(() => kbArticles.id, { onDelete: "restrict" }),
    helpful: boolean().notNull(),
    comment: text(),
    actorId: uuid().references(() => users.id, { onDelete: "restrict" }),
    source: text().$type<"console" | "public">().notNull(),
    ...timestamps,
  },
  (t) => [
    // an article's recent comments
    index("kb_feedback_article_id_created_at_idx").on(t.articleId, t.createdAt.desc()),
  ],
);

/** An article linked to an incident, a script or a ticket (exactly one of the three). */
export const kbLinks = pgTable(
  "kb_links",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    articleId: bigint({ mode: "number" })
      .notNull()
      .references(() => kbArticles.id, { onDelete: "restrict" }),
    incidentId: bigint({ mode: "number" }).references(() => incidents.id, { onDelete: "restrict" }),
    scriptId: bigint({ mode: "number" }).references(() => scripts.id, { onDelete: "restrict" }),
    ticketId: bigint({ mode: "number" }).references(() => tickets.id, { onDelete: "restrict" }),
    createdBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    check("kb_links_one_target", sql`num_nonnulls(${t.incidentId}, ${t.scriptId}, ${t.ticketId}) = 1`),
    // the articles of one incident / script / ticket; unique so linking twice is one link
    uniqueIndex("kb_links_incident_article_idx").on(t.incidentId, t.articleId).where(sql`${t.incidentId} is not null`),
    uniqueIndex("kb_links_script_article_idx").on(t.scriptId, t.articleId).where(sql`${t.scriptId} is not null`),
    uniqueIndex("kb_links_ticket_article_idx").on(t.ticketId, t.articleId).where(sql`${t.ticketId} is not null`),
  ],
);

export type KbArticleRow = typeof kbArticles.$inferSelect;
