import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { AlertDirection, AlertMetric, AlertNotificationEvent, AlertNotificationStatus, AlertRuleKind, AlertSeverity, AlertStatus, SilenceKind } from "@/lib/alerts";
import { timestamps } from "./_columns";

/** A detection rule (server/alerts/detect/rule.ts describes each field); defaults seeded on start, editable by ops/admin. */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    key: text().notNull(),
    enabled: boolean().notNull().default(true),
    metric: text().$type<AlertMetric>().notNull(),
    kind: text().$type<AlertRuleKind>().notNull(),
    direction: text().$type<AlertDirection>().notNull(),
    severity: text().$type<AlertSeverity>().notNull(),
    /** The detector's parameters (threshold, change, window, volume, pending, hysteresis…), validated by zod. */
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Evaluated per provider, overall ("*"), or both. */
    scopes: text().array().notNull().default(sql`ARRAY['provider','overall']::text[]`),
    /** A "provider down" rule: while it fires for a provider, that provider's other alerts are inhibited. */
    inhibitsProvider: boolean().notNull().default(false),
    /** True while the row is the shipped default nobody edited (seeding may refresh it). */
    isDefault: boolean().notNull().default(false),
    updatedBy: text(),
    ...timestamps,
  },
  (t) => [
    // rules are addressed by key (seeding upsert, replay --rules, alerts)
    uniqueIndex("alert_rules_key_idx").on(t.key),
  ],
);

/** One alert per rule and scope while it is open; the lifecycle is owned by server/alerts/. */
export const alerts = pgTable(
  "alerts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    ruleKey: text().notNull(),
    metric: text().$type<AlertMetric>().notNull(),
    /** Provider name or "*" for all providers. */
    provider: text().notNull(),
    severity: text().$type<AlertSeverity>().notNull(),
    status: text().$type<AlertStatus>().notNull(),
    /** Grouping/de-duplication key: `${ruleKey}|${provider}`. */
    fingerprint: text().notNull(),
    /** First minute of the breach (onset), when it started firing (discovery) and when it resolved. */
    onsetAt: timestamp({ withTimezone: true }).notNull(),
    firedAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedBy: text(),
    /** Consecutive breaching / clear evaluations (pending duration, hysteresis). */
    breachStreak: integer().notNull().default(0),
    clearStreak: integer().notNull().default(0),
    /** Last evaluated minute and what the detector saw then (value, baseline, volume). */
    lastEvaluatedMinute: timestamp({ withTimezone: true }).notNull(),
    lastValue: jsonb().$type<Record<string, unknown>>(),
    /** Orders, distinct users and amount (minor units, CNY) affected since onset, and per minute. */
    impact: jsonb().$type<Record<string, unknown>>(),
    /** Message keys of the suggested first actions (messages/<locale>/alerts.json → actions.*). */
    actionKeys: text().array().notNull().default(sql`ARRAY[]::text[]`),
    /** Id of the provider-down alert inhibiting this one, while it does. */
    inhibitedBy: bigint({ mode: "number" }),
    ...timestamps,
  },
  (t) => [
    // de-duplication: at most one open alert per rule and scope
    uniqueIndex("alerts_open_fingerprint_idx").on(t.fingerprint).where(sql`${t.status} <> 'resolved'`),
    // console list: newest first by status
    index("alerts_status_onset_at_idx").on(t.status, t.onsetAt),
  ],
);

/** Silences (ad hoc) and maintenance windows: matching alerts still fire but nobody is notified. */
export const alertSilences = pgTable(
  "alert_silences",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    kind: text().$type<SilenceKind>().notNull().default("silence"),
    /** Equality matchers on ruleKey, metric, provider, severity; an empty object matches every alert. */
    matchers: jsonb().$type<Partial<Record<"ruleKey" | "metric" | "provider" | "severity", string>>>().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    comment: text(),
    createdBy: text(),
    ...timestamps,
  },
  (t) => [
    // active silences at a time
    index("alert_silences_ends_at_idx").on(t.endsAt),
  ],
);

/**
 * The outbox the delivery channels (next round) read: one row per alert and event, due at notBefore. Group
 * wait delays "firing"; an alert resolving inside it cancels the row and never announces its resolution.
 */
export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    alertId: bigint({ mode: "number" }).notNull(),
    event: text().$type<AlertNotificationEvent>().notNull(),
    /** Idempotency key: `${alertId}:${event}:${n}` (n counts repeats). */
    dedupeKey: text().notNull(),
    status: text().$type<AlertNotificationStatus>().notNull().default("pending"),
    notBefore: timestamp({ withTimezone: true }).notNull(),
    /** Why it was not sent (silence id, maintenance, inhibited by alert id), for the delivery log. */
    suppressedReason: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    sentAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // idempotency of the evaluator's writes
    uniqueIndex("alert_notifications_dedupe_key_idx").on(t.dedupeKey),
    // the channels' claim: pending rows that are due
    index("alert_notifications_pending_idx").on(t.notBefore).where(sql`${t.status} = 'pending'`),
    // per-alert history
    index("alert_notifications_alert_id_idx").on(t.alertId),
  ],
);

/** The evaluator's cursor: the last minute evaluated (one row, name "default"). */
export const alertEvaluationCursors = pgTable("alert_evaluation_cursors", {
  name: text().primaryKey(),
  lastMinute: timestamp({ withTimezone: true }).notNull(),
  ...timestamps,
});

export type AlertRow = typeof alerts.$inferSelect;
export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertNotificationRow = typeof alertNotifications.$inferSelect;
