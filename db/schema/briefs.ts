import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { BriefContent } from "@/lib/briefs";
import { timestamps } from "./_columns";
import { users } from "./auth";
import { incidents } from "./incidents";

/** The agents' brief of one incident (issue 10): the current version; every saved version is in brief_versions. */
export const briefs = pgTable(
  "briefs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    incidentId: bigint({ mode: "number" })
      .notNull()
      .references(() => incidents.id, { onDelete: "restrict" }),
    /** 1 on the first save, +1 on each later one; confirmations name the version they read. */
    version: integer().notNull().default(1),
    content: jsonb().$type<BriefContent>().notNull(),
    /** A pinned brief is the active one even when a newer incident is open. */
    pinned: boolean().notNull().default(false),
    /** User e-mail, or "system:…" for the default brief seeded on an auto-opened incident. */
    updatedBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // one brief per incident (the idempotency key of the default brief too)
    uniqueIndex("briefs_incident_id_idx").on(t.incidentId),
    // the active brief: a pinned one first
    index("briefs_pinned_idx").on(t.pinned).where(sql`${t.pinned}`),
  ],
);

/** Every saved version of a brief, kept for history: who changed what, when. */
export const briefVersions = pgTable(
  "brief_versions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    briefId: bigint({ mode: "number" })
      .notNull()
      .references(() => briefs.id, { onDelete: "restrict" }),
    version: integer().notNull(),
    content: jsonb().$type<BriefContent>().notNull(),
    savedBy: text().notNull(),
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    // one row per version of a brief; the brief's history newest first
    uniqueIndex("brief_versions_brief_id_version_idx").on(t.briefId, t.version),
  ],
);

/** "I have read it": one row per user and brief version; a new version asks again. */
export const briefConfirmations = pgTable(
  "brief_confirmations",
  {
    briefId: bigint({ mode: "number" })
      .notNull()
      .references(() => briefs.id, { onDelete: "restrict" }),
    version: integer().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    userLabel: text().notNull(),
    confirmedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    // a second confirmation of the same version is a no-op; "who confirmed version N" reads this prefix
    primaryKey({ columns: [t.briefId, t.version, t.userId] }),
  ],
);

export type BriefRow = typeof briefs.$inferSelect;
