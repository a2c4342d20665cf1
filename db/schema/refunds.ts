import { sql } from "drizzle-orm";
import { bigint, bigserial, char, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Provider, Role } from "@/lib/enums";
import type { RefundFlag, RefundKind, RefundReason, RefundStatus } from "@/lib/refunds";
import { timestamps } from "./_columns";
import { orders } from "./orders";

/** Per-role refund authority (issue 10), edited by admins. null = unlimited. A role without a row may not refund. */
export const refundLimits = pgTable("refund_limits", {
  role: text().$type<Role>().primaryKey(),
  singleMaxMinor: bigint({ mode: "number" }),
  dailyMaxMinor: bigint({ mode: "number" }),
  currency: char({ length: 3 }).notNull().default("CNY"),
  updatedBy: text(),
  ...timestamps,
});

/** Refunds and their alternatives (reship, compensation): one row per request; states in lib/refunds.ts. */
export const refunds = pgTable(
  "refunds",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** Our idempotency key towards the provider (out_request_no / out_refund_no / Idempotency-Key). */
    refundNo: text().notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id),
    orderNo: text().notNull(),
    provider: text().$type<Provider>().notNull(),
    /** Copied from the order for the abuse guard (same user or phone within the window). */
    userId: text().notNull(),
    userPhone: text(),
    kind: text().$type<RefundKind>().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    reasonCode: text().$type<RefundReason>().notNull(),
    note: text(),
    ticketId: bigint({ mode: "number" }),
    /** The provider payment this refund returns when it is not the order's own (a duplicate payment
     * returned by reconciliation, issue 11); null = the order's payment. Such a refund never moves the order. */
    providerTransactionId: text(),
    status: text().$type<RefundStatus>().notNull(),
    flags: jsonb().$type<RefundFlag[]>().notNull().default([]),
    requestedBy: text().notNull(),
    requestedByLabel: text().notNull(),
    requestedByRole: text().$type<Role>(),
    decidedBy: text(),
    decidedByLabel: text(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionReason: text(),
    providerRefundId: text(),
    providerStatus: text(),
    /** Last provider error (code + message) when it failed or is being retried. */
    lastError: text(),
    attempts: integer().notNull().default(0),
    sentAt: timestamp({ withTimezone: true }),
    succeededAt: timestamp({ withTimezone: true }),
    failedAt: timestamp({ withTimezone: true }),
    /** When the money should reach the user (lib/refunds.ts ARRIVAL_DAYS), set on success. */
    arrivalBy: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // idempotency key of the provider call, and the lookup of a refund notification by out_refund_no
    uniqueIndex("refunds_refund_no_idx").on(t.refundNo),
    // the order page and the per-order sum of reserved amounts
    index("refunds_order_id_idx").on(t.orderId),
    // a person's refunds today (daily limit)
    index("refunds_requested_by_created_at_idx").on(t.requestedBy, t.createdAt),
    // abuse guard: refunds to one user in the window
    index("refunds_user_id_created_at_idx").on(t.userId, t.createdAt),
    // abuse guard: refunds to one phone in the window
    index("refunds_user_phone_created_at_idx").on(t.userPhone, t.createdAt),
    // the /refunds queue tabs (status) newest first
    index("refunds_status_created_at_id_idx").on(t.status, t.createdAt.desc(), t.id.desc()),
    // "All" tab, newest first
    index("refunds_created_at_id_idx").on(t.createdAt.desc(), t.id.desc()),
    // hot subset: waiting for approval
    index("refunds_pending_approval_idx").on(t.createdAt).where(sql`${t.status} = 'pending_approval'`),
    // the KPI rollup's per-minute read of money returned (server/kpi/rollup-kpis.ts)
    index("refunds_succeeded_at_idx").on(t.succeededAt).where(sql`${t.status} = 'succeeded'`),
  ],
);

export type Refund = typeof refunds.$inferSelect;
export type RefundLimit = typeof refundLimits.$inferSelect;
