import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { ScriptCategory, ScriptSituation, ScriptStatus, ScriptVersionState } from "@/lib/scripts";
import { timestamps } from "./_columns";
import { users } from "./auth";
import { orders } from "./orders";
import { tickets } from "./tickets";

/** A reply script (话术). Lifecycle owned by server/scripts/: drafted, submitted, approved or rejected, archived. */
export const scripts = pgTable(
  "scripts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** Stable name for briefs and links ("paid-not-updated-wait"). */
    key: text().notNull(),
    category: text().$type<ScriptCategory>().notNull(),
    /** The order situations it answers (lib/scripts.ts SCRIPT_SITUATIONS): suggestion order puts these first. */
    situations: jsonb().$type<ScriptSituation[]>().notNull().default([]),
    status: text().$type<ScriptStatus>().notNull().default("draft"),
    /** The version agents see; null until the first approval. */
    publishedVersionId: bigint({ mode: "number" }).references((): AnyPgColumn => scriptVersions.id, { onDelete: "restrict" }),
    createdBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // by key (briefs, seeding is idempotent on it)
    uniqueIndex("scripts_key_idx").on(t.key),
    // the list by status and category
    index("scripts_status_category_idx").on(t.status, t.category),
  ],
);

/**
 * One version of a script's words. The text never changes after insert (an edit is a new version); only the
 * review stamps move it draft → pending_approval → published | rejected, and a later publication supersedes it.
 */
export const scriptVersions = pgTable(
  "script_versions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    scriptId: bigint({ mode: "number" })
      .notNull()
      .references(() => scripts.id, { onDelete: "restrict" }),
    number: integer().notNull(),
    state: text().$type<ScriptVersionState>().notNull().default("draft"),
    titleZh: text().notNull(),
    titleEn: text().notNull(),
    bodyZh: text().notNull(),
    bodyEn: text().notNull(),
    authorId: uuid().references(() => users.id, { onDelete: "restrict" }),
    authorLabel: text().notNull(),
    submittedAt: timestamp({ withTimezone: true }),
    approvedAt: timestamp({ withTimezone: true }),
    approvedBy: uuid().references(() => users.id, { onDelete: "restrict" }),
    approvedByLabel: text(),
    rejectedAt: timestamp({ withTimezone: true }),
    rejectedBy: uuid().references(() => users.id, { onDelete: "restrict" }),
    rejectedByLabel: text(),
    rejectReason: text(),
    ...timestamps,
  },
  (t) => [
    // one number per script; two concurrent edits race on it and the loser retries with the next number
    uniqueIndex("script_versions_script_id_number_idx").on(t.scriptId, t.number),
    // the approval queue
    index("script_versions_state_submitted_at_idx").on(t.state, t.submittedAt).where(sql`${t.state} = 'pending_approval'`),
    check("script_versions_not_self_approved", sql`${t.approvedBy} is null or ${t.authorId} is null or ${t.approvedBy} <> ${t.authorId}`),
  ],
);

/** An agent copied or inserted a script version (counts per version for reviews). */
export const scriptUses = pgTable(
  "script_uses",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    versionId: bigint({ mode: "number" })
      .notNull()
      .references(() => scriptVersions.id, { onDelete: "restrict" }),
    scriptId: bigint({ mode: "number" })
      .notNull()
      .references(() => scripts.id, { onDelete: "restrict" }),
    actorId: uuid().references(() => users.id, { onDelete: "restrict" }),
    actorLabel: text().notNull(),
    orderNo: text().references(() => orders.orderNo, { onDelete: "restrict" }),
    ticketId: bigint({ mode: "number" }).references(() => tickets.id, { onDelete: "restrict" }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    // usage counts per script ("most used" suggestions, the list's counts)
    index("script_uses_script_id_idx").on(t.scriptId),
    // usage counts per version (reviews)
    index("script_uses_version_id_idx").on(t.versionId),
  ],
);

export type ScriptRow = typeof scripts.$inferSelect;
export type ScriptVersionRow = typeof scriptVersions.$inferSelect;
