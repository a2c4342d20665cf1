import { bigint, bigserial, char, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { CallbackOutcome, MessageSource, Provider, Verification } from "@/lib/enums";
import { timestamps } from "./_columns";

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

export type CallbackEvent = typeof callbackEvents.$inferSelect;
