import { sql } from "drizzle-orm";
import { bigint, bigserial, date, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ReportData, ReportDeliveryStatus, ReportKind } from "@/lib/reports";
import { timestamps } from "./_columns";
import { users } from "./auth";

/** Weekly / monthly review reports (issue 12): the snapshot taken at generation; regenerating replaces it. */
export const reports = pgTable(
  "reports",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    kind: text().$type<ReportKind>().notNull(),
    /** Business-time-zone calendar days, [start, end). */
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    generatedAt: timestamp({ withTimezone: true }).notNull(),
    /** "system:schedule" or the user's e-mail. */
    generatedBy: text().notNull(),
    data: jsonb().$type<ReportData>().notNull(),
    ...timestamps,
  },
  (t) => [
    // idempotency per period: generate = upsert on this
    uniqueIndex("reports_kind_period_start_idx").on(t.kind, t.periodStart),
    // the list, newest period first
    index("reports_period_start_id_idx").on(t.periodStart.desc(), t.id.desc()),
  ],
);

/** Who receives which kind by e-mail. */
export const reportSubscriptions = pgTable(
  "report_subscriptions",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().$type<ReportKind>().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** The e-mail deliveries log: one row per report, subscriber and attempt. */
export const reportDeliveries = pgTable(
  "report_deliveries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    reportId: bigint({ mode: "number" })
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text().$type<ReportDeliveryStatus>().notNull(),
    error: text(),
    sentAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // a report's deliveries
    index("report_deliveries_report_id_idx").on(t.reportId),
    // one successful send per report and subscriber (a re-run skips those already sent)
    uniqueIndex("report_deliveries_sent_idx").on(t.reportId, t.userId).where(sql`${t.status} = 'sent'`),
  ],
);

export type ReportRow = typeof reports.$inferSelect;
