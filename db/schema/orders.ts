import { sql } from "drizzle-orm";
import { bigint, boolean, char, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { MessageSource, OrderStatus, Provider } from "@/lib/enums";
import type { Reason } from "@/lib/reasons";
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
    /** closeReason as a code with parameters (lib/reasons.ts); null on older rows. */
    closeReasonCoded: jsonb().$type<Reason>(),
    expiresAt: timestamp({ withTimezone: true }),
    needsReview: boolean().notNull().default(false),
    reviewReason: text(),
    /** reviewReason as a code with parameters; null on older rows and uncoded reasons. */
    reviewReasonCoded: jsonb().$type<Reason>(),
    ...timestamps,
  },
  (t) => [
    // merchant API and every lookup by order number; also the idempotency key of order registration
    uniqueIndex("orders_order_no_idx").on(t.orderNo),
    // console search by provider transaction id
    index("orders_provider_transaction_id_idx").on(t.providerTransactionId),
    // console search by user phone
    index("orders_user_phone_idx").on(t.userPhone),
    // customer lookup by user id: the person's orders, newest first (keyset created_at desc, id desc)
    index("orders_user_id_created_at_id_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    // console order list, unfiltered, newest first (keyset order: created_at desc, id desc)
    index("orders_created_at_id_idx").on(t.createdAt.desc(), t.id.desc()),
    // console order list by status, newest first
    index("orders_status_created_at_id_idx").on(t.status, t.createdAt.desc(), t.id.desc()),
    // console order list by provider, newest first
    index("orders_provider_created_at_id_idx").on(t.provider, t.createdAt.desc(), t.id.desc()),
    // console order list "needs review", newest first: a small hot subset
    index("orders_needs_review_created_at_id_idx").on(t.createdAt.desc(), t.id.desc()).where(sql`${t.needsReview}`),
    // hot subset: orders still waiting for money (janitor, "paid but not updated" views)
    index("orders_pending_created_at_idx").on(t.createdAt).where(sql`${t.status} = 'CREATED'`),
    // reconciliation: a provider's orders paid within a statement day ("missing at the provider"), without
    // reading the whole table for each import
    index("orders_provider_paid_at_idx").on(t.provider, t.paidAt).where(sql`${t.paidAt} is not null`),
  ],
);

export type Order = typeof orders.$inferSelect;
