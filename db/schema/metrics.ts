import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { timestamps } from "./_columns";

/** The scope value of a rollup row that sums every provider. */
export const ALL_PROVIDERS = "*";

/**
 * Per-minute business metrics, per provider and overall (provider "*"): what charts and the alert detector
 * read instead of raw events. Rewritten idempotently for the last few minutes (late events), kept for
 * METRICS_RETENTION (server/metrics/rollup-metrics.ts).
 */
export const metricMinutes = pgTable(
  "metric_minutes",
  {
    minute: timestamp({ withTimezone: true }).notNull(),
    provider: text().notNull(),
    /** Orders registered this minute (the payment attempts of this minute's cohort) and how many of them got paid. */
    attempts: integer().notNull().default(0),
    successes: integer().notNull().default(0),
    /** Distinct users among the attempts (impact estimates). */
    users: integer().notNull().default(0),
    /** Provider notifications received this minute, and those rejected, malformed or failed by us. */
    callbacks: integer().notNull().default(0),
    callbackFailures: integer().notNull().default(0),
    /** Orders of this minute's cohort that have no provider notification at all yet ("a callback that never came"). */
    callbacksMissing: integer().notNull().default(0),
    /** Provider event time → received, over this minute's verified notifications; null without any. */
    callbackDelayP50Ms: bigint({ mode: "number" }),
    callbackDelayP95Ms: bigint({ mode: "number" }),
    /** The same delays by bucket (lib/kpi.ts CALLBACK_DELAY_BOUNDS_MS), so hours and days get exact-bucket percentiles. */
    callbackDelayHist: integer().array(),
    /** Orders of this minute's cohort paid through our status query (the notification never came or came late). */
    fixedByQuery: integer().notNull().default(0),
    /** Sum of this minute's orders in the business currency (CNY), minor units; other currencies are not added in. */
    amountMinor: bigint({ mode: "number" }).notNull().default(0),
    /** Payment complaints recorded this minute (recordComplaint; tickets and the self-service form later). */
    complaints: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // one row per (minute, provider): the rollup's upsert key and every range read by scope
    primaryKey({ name: "metric_minutes_pkey", columns: [t.provider, t.minute] }),
    // retention: delete old minutes across providers
    index("metric_minutes_minute_idx").on(t.minute),
  ],
);

/**
 * Complaints counted per minute and provider until tickets exist; the rollup copies them into metric_minutes
 * (kept apart so recomputing a minute from raw events never loses a complaint).
 */
export const complaintCounts = pgTable(
  "complaint_counts",
  {
    minute: timestamp({ withTimezone: true }).notNull(),
    provider: text().notNull(),
    count: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // recordComplaint's upsert and the rollup's range read
    primaryKey({ name: "complaint_counts_pkey", columns: [t.minute, t.provider] }),
  ],
);

export type MetricMinute = typeof metricMinutes.$inferSelect;
