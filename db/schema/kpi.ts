import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { timestamps } from "./_columns";

/**
 * Hourly KPI rollup (issue 12), per provider and overall (provider "*", see ALL_PROVIDERS): every additive
 * input of the dashboard and the reports, plus fixed-bucket histograms (lib/kpi.ts bounds) for the medians and
 * p95s. Payment columns are summed from metric_minutes; service and reconciliation columns are counted from
 * their tables for the touched hours (server/kpi/rollup-kpis.ts). Dashboard queries read only this table and
 * kpi_hour_counts (plus small live snapshots of open items).
 */
export const kpiHours = pgTable(
  "kpi_hours",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    provider: text().notNull(),
    // payments (orders count in the hour they were registered; notifications in the hour received)
    attempts: integer().notNull().default(0),
    successes: integer().notNull().default(0),
    /** Business-currency (CNY) orders only, minor units. */
    amountMinor: bigint({ mode: "number" }).notNull().default(0),
    callbacks: integer().notNull().default(0),
    callbackFailures: integer().notNull().default(0),
    /** Orders paid through our status query instead of a notification. */
    fixedByQuery: integer().notNull().default(0),
    /** Verified notifications by delay bucket (CALLBACK_DELAY_BOUNDS_MS). */
    callbackDelayHist: integer().array().notNull().default([]),
    complaints: integer().notNull().default(0),
    // customer service (tickets: provider of their order; "*" counts every ticket)
    ticketsOpened: integer().notNull().default(0),
    /** Solved (or closed without solving) in this hour. */
    ticketsResolved: integer().notNull().default(0),
    /** Open tickets at the end of the hour. */
    ticketsBacklog: integer().notNull().default(0),
    slaBreaches: integer().notNull().default(0),
    /** Tickets first answered this hour, by seconds from creation (DURATION_BOUNDS_S). */
    firstResponseHist: integer().array().notNull().default([]),
    /** Tickets resolved this hour with a handle time, by handle seconds. */
    handleHist: integer().array().notNull().default([]),
    /** Resolved this hour with a first-contact verdict, and those resolved at first contact. */
    fcrKnown: integer().notNull().default(0),
    fcrYes: integer().notNull().default(0),
    /** Refunds that succeeded this hour, by authority: instant (no approval) and approved; CNY amounts. */
    refundsInstant: integer().notNull().default(0),
    refundsInstantMinor: bigint({ mode: "number" }).notNull().default(0),
    refundsApproved: integer().notNull().default(0),
    refundsApprovedMinor: bigint({ mode: "number" }).notNull().default(0),
    // reconciliation
    discrepanciesFound: integer().notNull().default(0),
    /** Closed this hour (resolved, written off or ignored) by a repair rule, or by a person. */
    discrepanciesAuto: integer().notNull().default(0),
    discrepanciesManual: integer().notNull().default(0),
    /** Closed this hour, by seconds from detection to resolution. */
    discrepancyResolveHist: integer().array().notNull().default([]),
    ...timestamps,
  },
  (t) => [
    // one row per (provider, hour): the rollup's replace key and every dashboard range read by scope
    primaryKey({ name: "kpi_hours_pkey", columns: [t.provider, t.hour] }),
    // the rollup replaces whole hours across scopes
    index("kpi_hours_hour_idx").on(t.hour),
  ],
);

/**
 * Hourly counts along one dimension whose values do not fit wide columns: "discrepancy" (key "<type>:<risk>",
 * found this hour, amount = difference at stake) and "ticket_type" (key = ticket type, opened this hour).
 */
export const kpiHourCounts = pgTable(
  "kpi_hour_counts",
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    provider: text().notNull(),
    dimension: text().$type<"discrepancy" | "ticket_type">().notNull(),
    key: text().notNull(),
    count: integer().notNull().default(0),
    amountMinor: bigint({ mode: "number" }).notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // the rollup's replace key and the dashboard's range read per (scope, dimension)
    primaryKey({ name: "kpi_hour_counts_pkey", columns: [t.provider, t.dimension, t.hour, t.key] }),
    // the rollup replaces whole hours across scopes
    index("kpi_hour_counts_hour_idx").on(t.hour),
  ],
);

export type KpiHour = typeof kpiHours.$inferSelect;

/**
 * Hours whose payment minutes were recomputed late (a payment landing after its order's minute left the
 * per-minute window): marked by rollupMetrics in its transaction, recomputed and cleared by the next rollupKpis.
 */
export const kpiDirtyHours = pgTable("kpi_dirty_hours", {
  hour: timestamp({ withTimezone: true }).primaryKey(),
  ...timestamps,
});

/**
 * How far each incremental rollup has read (name "kpi"): the next run looks for rows written since then that
 * change hours outside its usual window (late payments, reopened tickets…) and recomputes those hours too.
 */
export const rollupWatermarks = pgTable("rollup_watermarks", {
  name: text().primaryKey(),
  at: timestamp({ withTimezone: true }).notNull(),
  ...timestamps,
});
