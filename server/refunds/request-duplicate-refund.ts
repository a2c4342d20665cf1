import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, refunds, type Refund } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { enqueueRefundExecution } from "./execute-refund";

/** Order states in which a second payment may be returned: the order's own payment was taken. */
const PAID_STATES = new Set(["PAID", "FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"]);

/**
 * The refund no of a duplicate payment's refund, derived from its discrepancy: the provider's idempotency
 * key (out_request_no / out_refund_no / Idempotency-Key) and our unique key, so however often the rule runs,
 * or however many run at once, one refund exists.
 */
export function duplicateRefundNo(discrepancyId: number): string {
  return `RFDUP${String(discrepancyId).padStart(12, "0")}`;
}

export interface DuplicateRefundInput {
  discrepancyId: number;
  orderNo: string;
  /** The extra provider transaction to return (never the order's own payment). */
  transactionId: string;
  amountMinor: number;
  currency: string;
  /** Up to this amount the rule approves it itself; above, it waits for a person in /refunds (flag over_single_limit). */
  autoApproveMaxMinor: number;
}

/**
 * Reconciliation's refund of a duplicate payment (issue 11, rule refund_duplicate): a refunds row like any
 * other — same queue, same refund.execute job, same provider adapter — that returns `transactionId` instead of
 * the order's payment (refunds.provider_transaction_id), so it neither counts against the order's
 * refundable amount nor moves the order (order-refund-totals, execute-refund). Within the rule's limit it is
 * approved by the rule (decided_by_label = the rule) and queued; above it, pending_approval for an approver.
 * Idempotent on the refund no: `created: false` returns the refund already requested.
 */
export async function requestDuplicateRefund(db: Db, actor: Actor, input: DuplicateRefundInput, now: Date = new Date()): Promise<{ refund: Refund; created: boolean }> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new ValidationError("amount must be a positive whole number of minor units");
  const refundNo = duplicateRefundNo(input.discrepancyId);
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.orderNo, input.orderNo)).for("update");
    if (!order) throw new NotFoundError(`order ${input.orderNo} not found`);
    const [existing] = await tx.select().from(refunds).where(eq(refunds.refundNo, refundNo));
    if (existing) return { refund: existing, created: false };
    if (!PAID_STATES.has(order.status)) throw new ConflictError(`order ${order.orderNo} is ${order.status}: no payment of its own to keep`);
    if (order.providerTransactionId === input.transactionId) throw new ConflictError(`${input.transactionId} is the order's own payment, not a duplicate`);
    if (order.currency !== input.currency) throw new ConflictError(`the duplicate is in ${input.currency}, the order in ${order.currency}`);
    const approved = input.amountMinor <= input.autoApproveMaxMinor;
    const [refund] = await tx
      .insert(refunds)
      .values({
        refundNo,
        orderId: order.id,
        orderNo: order.orderNo,
        provider: order.provider,
        userId: order.userId,
        userPhone: order.userPhone,
        kind: "refund",
        amountMinor: input.amountMinor,
        currency: input.currency,
        reasonCode: "charged_twice",
        note: `duplicate payment ${input.transactionId} (discrepancy #${input.discrepancyId})`,
        providerTransactionId: input.transactionId,
        status: approved ? "approved" : "pending_approval",
        flags: approved ? [] : ["over_single_limit"],
        requestedBy: actor.id ?? actor.label,
        requestedByLabel: actor.label,
        requestedByRole: actor.role ?? null,
        ...(approved ? { decidedBy: null, decidedByLabel: actor.label, decidedAt: now, decisionReason: `within the rule's limit (${input.autoApproveMaxMinor} minor units)` } : {}),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: refunds.refundNo })
      .returning();
    if (!refund) {
      const [raced] = await tx.select().from(refunds).where(eq(refunds.refundNo, refundNo));
      if (!raced) throw new Error(`refund ${refundNo} neither inserted nor found`);
      return { refund: raced, created: false };
    }
    await writeAudit(tx, actor, {
      action: "refund.request",
      entityType: "refund",
      entityId: refund.refundNo,
      after: {
        orderNo: order.orderNo, kind: refund.kind, amountMinor: refund.amountMinor, currency: refund.currency, reasonCode: refund.reasonCode,
        status: refund.status, flags: refund.flags, providerTransactionId: input.transactionId, discrepancyId: input.discrepancyId,
      },
    });
    if (approved) await enqueueRefundExecution(tx, refund);
    return { refund, created: true };
  });
}
