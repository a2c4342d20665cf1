import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, char, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { CallbackOutcome, MessageSource, Provider, Verification } from "@/lib/enums";
import type { Reason } from "@/lib/reasons";
import { timestamps } from "./_columns";
import { orders } from "./orders";

/** Every message a provider sent us (notify) or answered us (query), stored raw before anything else. */
export const callbackEvents = pgTable(
  "callback_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    provider: text().$type<Provider>().notNull(),
    source: text().$type<MessageSource>().notNull().default("notify"),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Only the headers worth keeping for this provider (server/callbacks/stored-headers.ts). */
    headers: jsonb().$type<Record<string, string>>().notNull(),
    /** Verified messages in full; rejected ones capped (bodyTruncated), with the original's size and hash. */
    body: text().notNull(),
    bodyBytes: integer(),
    bodySha256: text(),
    bodyTruncated: boolean().notNull().default(false),
    /** NUL bytes or lone surrogates were replaced by U+FFFD so the row could be stored at all. */
    bodySanitized: boolean().notNull().default(false),
    remoteAddr: text(),
    requestId: text(),
    verification: text().$type<Verification>().notNull().default("pending"),
    rejectReason: text(),
    /** rejectReason as a code with parameters (lib/reasons.ts), rendered in the reader's language; null on older rows. */
    rejectReasonCoded: jsonb().$type<Reason>(),
    outcome: text().$type<CallbackOutcome>().notNull().default("received"),
    outcomeDetail: text(),
    /** outcomeDetail as a code with parameters; null on older rows. */
    outcomeDetailCoded: jsonb().$type<Reason>(),
    // Facts extracted after verification (null until then, or when rejected)
    eventId: text(),
    orderNo: text(),
    providerTransactionId: text(),
    providerStatus: text(),
    amountMinor: bigint({ mode: "number" }),
    currency: char({ length: 3 }),
    eventAt: timestamp({ withTimezone: true }),
    delayMs: bigint({ mode: "number" }),
    /** The verified notification as parsed at intake: what the asynchronous applier applies. */
    notification: jsonb().$type<Record<string, unknown>>(),
    processedAt: timestamp({ withTimezone: true }),
    processingMs: bigint({ mode: "number" }),
    ...timestamps,
  },
  (t) => [
    // order page timeline
    index("callback_events_order_no_received_at_idx").on(t.orderNo, t.receivedAt),
    // metrics (delay, failure rate) and console lists by time window
    index("callback_events_received_at_idx").on(t.receivedAt),
    // problem callbacks page, one kind, newest first (keyset order: id desc)
    index("callback_events_outcome_id_idx").on(t.outcome, t.id.desc()),
    // problem callbacks page, all kinds, newest first: the problem subset only
    index("callback_events_problem_id_idx")
      .on(t.id.desc())
      .where(sql`${t.outcome} in ('unknown_order', 'rejected', 'malformed', 'error', 'received')`),
    // problem callbacks page narrowed to a window (KPI drill-down): the window's problems, then sorted by id;
    // walking callback_events_problem_id_idx from the newest would read every problem after the window first
    index("callback_events_problem_received_at_idx")
      .on(t.receivedAt)
      .where(sql`${t.outcome} in ('unknown_order', 'rejected', 'malformed', 'error', 'received')`),
    // console: unknown orders, rejected callbacks, messages stuck in "received"
    index("callback_events_outcome_received_at_idx").on(t.outcome, t.receivedAt),
    // the applier's claim: verified messages not applied yet, oldest first (also the health backlog)
    index("callback_events_inbox_idx")
      .on(t.id)
      .where(sql`${t.verification} = 'verified' and ${t.outcome} = 'received'`),
    // messages waiting for their order to be registered (registerOrder, the applier's sweep)
    index("callback_events_waiting_order_no_idx")
      .on(t.orderNo)
      .where(sql`${t.outcome} = 'unknown_order'`),
  ],
);

/**
 * Rejected or unverifiable messages seen per source address and time window. Only the first
 * CALLBACK_REJECTED_PER_WINDOW of a window are stored in callback_events; the rest are only counted here.
 */
export const callbackRejectCounters = pgTable(
  "callback_reject_counters",
  {
    source: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    seen: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // the intake's upsert per (source, window)
    primaryKey({ name: "callback_reject_counters_pkey", columns: [t.source, t.windowStart] }),
    // retention: old windows deleted with the rejected rows
    index("callback_reject_counters_window_start_idx").on(t.windowStart),
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
    // The message that was applied, and its order: a payment record never outlives either (docs/adr/0005).
    callbackEventId: bigint({ mode: "number" })
      .notNull()
      .references(() => callbackEvents.id, { onDelete: "restrict" }),
    orderNo: text()
      .notNull()
      .references(() => orders.orderNo, { onDelete: "restrict" }),
    providerTransactionId: text(),
    providerStatus: text().notNull(),
    result: text().$type<CallbackOutcome>().notNull(),
    ...timestamps,
  },
  (t) => [
    // idempotency: (provider, notification identity)
    uniqueIndex("payment_events_provider_dedupe_key_idx").on(t.provider, t.dedupeKey),
    // foreign-key check when the retention purge deletes callback events
    index("payment_events_callback_event_id_idx").on(t.callbackEventId),
  ],
);

export type CallbackEvent = typeof callbackEvents.$inferSelect;
