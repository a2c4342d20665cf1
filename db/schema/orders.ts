import { sql } from "drizzle-orm";
import { bigint, boolean, char, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { MessageSource, OrderStatus, Provider } from "@/lib/enums";
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

export type Order = typeof orders.$inferSelect;
