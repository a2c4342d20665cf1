import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, char, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type {
  CallbackOutcome,
  DiscrepancyStatus,
  DiscrepancyType,
  MessageSource,
  OrderStatus,
  Provider,
  RiskLevel,
  Verification,
} from "../enums";
import { timestamps } from "./_columns";

export const orders = pgTable(
  "orders",
  {
    id: uuid().primaryKey().defaultRandom(),
    orderNo: text().notNull(),
    userId: text().notNull(),
    userPhone: text(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    provider: text().$type<Provider>().notNull(),
    subject: text(),
    status: text().$type<OrderStatus>().notNull().default("CREATED"),
    providerTransactionId: text(),
    paidAt: timestamp({ withTimezone: true }),
    paidVia: text().$type<MessageSource>(),
    fulfilledAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    closeReason: text(),
    expiresAt: timestamp({ withTimezone: true }),
    needsReview: boolean().notNull().default(false),
    reviewReason: text(),
    ...timestamps,
  },
  (t) => [
    // merchant API and every lookup by order number; also the idempotency key of order registration
    uniqueIndex("orders_order_no_idx").on(t.orderNo),
    // console search by provider transaction id
    index("orders_provider_transaction_id_idx").on(t.providerTransactionId),
    // console search by user phone
    index("orders_user_phone_idx").on(t.userPhone),
    // console lists, newest first, by status
    index("orders_status_created_at_idx").on(t.status, t.createdAt),
    // hot subset: orders still waiting for money (janitor, "paid but not updated" views)
    index("orders_pending_created_at_idx").on(t.createdAt).where(sql`${t.status} = 'CREATED'`),
  ],
);

/** Every message a provider sent us (notify) or answered us (query), stored raw before anything else. */
export const callbackEvents = pgTable(
  "callback_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    provider: text().$type<Provider>().notNull(),
    source: text().$type<MessageSource>().notNull().default("notify"),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    headers: jsonb().$type<Record<string, string>>().notNull(),
    body: text().notNull(),
    remoteAddr: text(),
    requestId: text(),
    verification: text().$type<Verification>().notNull().default("pending"),
    rejectReason: text(),
    outcome: text().$type<CallbackOutcome>().notNull().default("received"),
    outcomeDetail: text(),
    // Facts extracted after verification (null until then, or when rejected)
    eventId: text(),
    orderNo: text(),
    providerTransactionId: text(),
    providerStatus: text(),
    amountMinor: bigint({ mode: "number" }),
    currency: char({ length: 3 }),
    eventAt: timestamp({ withTimezone: true }),
    delayMs: bigint({ mode: "number" }),
    processedAt: timestamp({ withTimezone: true }),
    processingMs: bigint({ mode: "number" }),
    ...timestamps,
  },
  (t) => [
    // order page timeline
    index("callback_events_order_no_received_at_idx").on(t.orderNo, t.receivedAt),
    // metrics (delay, failure rate) and console lists by time window
    index("callback_events_received_at_idx").on(t.receivedAt),
    // console: unknown orders, rejected callbacks, messages stuck in "received"
    index("callback_events_outcome_received_at_idx").on(t.outcome, t.receivedAt),
  ],
);

/**
 * One row per distinct verified notification. Its unique key is the idempotency key: applying the same
 * notification again finds the row and changes nothing.
 */
export const paymentEvents = pgTable(
  "payment_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    provider: text().$type<Provider>().notNull(),
    dedupeKey: text().notNull(),
    callbackEventId: bigint({ mode: "number" }).notNull(),
    orderNo: text().notNull(),
    providerTransactionId: text(),
    providerStatus: text().notNull(),
    result: text().$type<CallbackOutcome>().notNull(),
    ...timestamps,
  },
  (t) => [
    // idempotency: (provider, notification identity)
    uniqueIndex("payment_events_provider_dedupe_key_idx").on(t.provider, t.dedupeKey),
  ],
);

export const discrepancies = pgTable(
  "discrepancies",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    type: text().$type<DiscrepancyType>().notNull(),
    risk: text().$type<RiskLevel>().notNull(),
    status: text().$type<DiscrepancyStatus>().notNull().default("open"),
    provider: text().$type<Provider>().notNull(),
    orderNo: text().notNull(),
    providerTransactionId: text(),
    expectedAmountMinor: bigint({ mode: "number" }),
    actualAmountMinor: bigint({ mode: "number" }),
    currency: char({ length: 3 }),
    ourFacts: jsonb().notNull(),
    providerFacts: jsonb().notNull(),
    callbackEventId: bigint({ mode: "number" }),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid(),
    resolution: text(),
    ...timestamps,
  },
  (t) => [
    // one discrepancy per provider transaction and type, however often the provider repeats it
    uniqueIndex("discrepancies_provider_transaction_type_idx").on(t.provider, t.providerTransactionId, t.type),
    // console list of open items, riskiest and newest first
    index("discrepancies_open_detected_at_idx").on(t.risk, t.detectedAt).where(sql`${t.status} = 'open'`),
    // order page
    index("discrepancies_order_no_idx").on(t.orderNo),
  ],
);

export type Order = typeof orders.$inferSelect;
export type CallbackEvent = typeof callbackEvents.$inferSelect;
export type Discrepancy = typeof discrepancies.$inferSelect;
export type ProviderFacts = Record<string, unknown>;
