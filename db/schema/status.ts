import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { Localized, NoticeComponent, NoticeKind, NoticeSeverity, NoticeStatus } from "@/lib/status";
import { timestamps } from "./_columns";
import { incidents } from "./incidents";

/** What the public status page lists (issue 9): seeded by server/status/ensure-status-components.ts, editable later. */
export const statusComponents = pgTable("status_components", {
  key: text().primaryKey(),
  name: jsonb().$type<Localized>().notNull(),
  /** The providers whose trouble shows on this component (lib/status.ts COMPONENT_PROVIDERS). */
  providers: jsonb().$type<string[]>().notNull().default([]),
  position: integer().notNull(),
  ...timestamps,
});

/** A public notice: an incident or a maintenance, with its current status and component states (the latest update's). */
export const statusNotices = pgTable(
  "status_notices",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    incidentId: bigint({ mode: "number" }).references(() => incidents.id, { onDelete: "restrict" }),
    kind: text().$type<NoticeKind>().notNull(),
    severity: text().$type<NoticeSeverity>().notNull(),
    status: text().$type<NoticeStatus>().notNull(),
    title: jsonb().$type<Localized>().notNull(),
    /** The latest update's text, kept here so lists and the snapshot read one row per notice. */
    body: jsonb().$type<Localized>().notNull(),
    components: jsonb().$type<NoticeComponent[]>().notNull(),
    /** Published by the auto-publish setting, not by a person. */
    automatic: boolean().notNull().default(false),
    templateKey: text(),
    scheduledFor: timestamp({ withTimezone: true }),
    scheduledUntil: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    createdBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // one automatic notice per incident: two evaluations racing to auto-publish end with one (idempotency key)
    uniqueIndex("status_notices_incident_id_automatic_idx").on(t.incidentId).where(sql`${t.automatic}`),
    // console list and the snapshot's recent notices: newest first (keyset started_at desc, id desc)
    index("status_notices_started_at_id_idx").on(t.startedAt.desc(), t.id.desc()),
    // the open notices (active and scheduled): the snapshot and the console's overview
    index("status_notices_open_idx").on(t.startedAt).where(sql`${t.resolvedAt} is null`),
  ],
);

/** A notice's timeline: its first text and every update (investigating → identified → monitoring → resolved). */
export const statusNoticeUpdates = pgTable(
  "status_notice_updates",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    noticeId: bigint({ mode: "number" })
      .notNull()
      .references(() => statusNotices.id, { onDelete: "restrict" }),
    status: text().$type<NoticeStatus>().notNull(),
    body: jsonb().$type<Localized>().notNull(),
    components: jsonb().$type<NoticeComponent[]>().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    by: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // a notice's updates in order (detail, feed, history bars)
    index("status_notice_updates_notice_id_at_idx").on(t.noticeId, t.at, t.id),
  ],
);

/** The status page's settings: a single row (id = 1). */
export const statusSettings = pgTable(
  "status_settings",
  {
    id: integer().primaryKey().default(1),
    /** Publish the "busy" notice when a critical payment alert auto-opens an incident. */
    autoPublish: boolean().notNull().default(false),
    updatedBy: text(),
    ...timestamps,
  },
  (t) => [check("status_settings_singleton", sql`${t.id} = 1`)],
);

export type StatusComponentRow = typeof statusComponents.$inferSelect;
export type StatusNoticeRow = typeof statusNotices.$inferSelect;
export type StatusNoticeUpdateRow = typeof statusNoticeUpdates.$inferSelect;
