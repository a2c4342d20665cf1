import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { AlertChannel, AlertMetric, AlertNotificationEvent, AlertSeverity, ContactRole, DeliveryStatus } from "@/lib/alerts";
import type { Locale } from "@/lib/i18n/locale";
import { timestamps } from "./_columns";

/** People alerts reach: by role (routes name roles), in their language, tier by tier (escalationOrder 1 first). */
export const alertContacts = pgTable(
  "alert_contacts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    name: text().notNull(),
    role: text().$type<ContactRole>().notNull(),
    locale: text().$type<Locale>().notNull().default("zh-CN"),
    phone: text(),
    email: text(),
    enabled: boolean().notNull().default(true),
    /** 1 = told first (firing, repeat, resolved); an escalation goes to the next order up. */
    escalationOrder: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    // fan-out: the enabled contacts of a role
    index("alert_contacts_role_idx").on(t.role, t.escalationOrder),
  ],
);

/** Severity × metric → roles × channels. Empty severities / metrics match every alert. */
export const alertRoutes = pgTable("alert_routes", {
  id: bigserial({ mode: "number" }).primaryKey(),
  name: text().notNull(),
  severities: text().array().$type<AlertSeverity[]>().notNull().default(sql`ARRAY[]::text[]`),
  metrics: text().array().$type<AlertMetric[]>().notNull().default(sql`ARRAY[]::text[]`),
  roles: text().array().$type<ContactRole[]>().notNull().default(sql`ARRAY[]::text[]`),
  channels: text().array().$type<AlertChannel[]>().notNull().default(sql`ARRAY[]::text[]`),
  enabled: boolean().notNull().default(true),
  /** Shipped by seeding (server/alerts/deliver-seed-routes.ts) and not edited since. */
  isDefault: boolean().notNull().default(false),
  ...timestamps,
});

/** The delivery log: one row per notification, channel and target, its idempotency key unique. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** Null for a test message (alertChannel.sendTest). */
    notificationId: bigint({ mode: "number" }),
    alertId: bigint({ mode: "number" }),
    event: text().$type<AlertNotificationEvent | "test">().notNull(),
    channel: text().$type<AlertChannel>().notNull(),
    /** Robot: "robot"; SMS: the phone; e-mail: the address. Masked on read. */
    target: text().notNull(),
    contactId: bigint({ mode: "number" }),
    locale: text().$type<Locale>().notNull().default("zh-CN"),
    /** `${notificationId}:${channel}:${target}`: the Aliyun OutId, Tencent SessionContext, the Message-ID. */
    idempotencyKey: text().notNull(),
    status: text().$type<DeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the last request left (a robot's per-minute limit counts these). */
    lastAttemptAt: timestamp({ withTimezone: true }),
    /** The request may have reached the provider but its answer was lost (timeout): never resent blindly. */
    uncertain: boolean().notNull().default(false),
    lastError: text(),
    providerMessageId: text(),
    /** Grouped into another delivery's message (DingTalk 20/min). */
    groupedInto: bigint({ mode: "number" }),
    sentAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // idempotency: a re-run of the fan-out writes nothing twice
    uniqueIndex("alert_deliveries_idempotency_key_idx").on(t.idempotencyKey),
    // the worker's claim: deliveries due
    index("alert_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'retrying', 'rate_limited')`),
    // alert page: the delivery log of one alert
    index("alert_deliveries_alert_id_idx").on(t.alertId, t.id),
    // a robot's per-minute limit: requests made in the last minute
    index("alert_deliveries_channel_last_attempt_at_idx").on(t.channel, t.lastAttemptAt),
  ],
);

export type AlertContactRow = typeof alertContacts.$inferSelect;
export type AlertRouteRow = typeof alertRoutes.$inferSelect;
export type AlertDeliveryRow = typeof alertDeliveries.$inferSelect;
