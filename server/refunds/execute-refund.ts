import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, refunds, type Refund } from "@/db/schema";
import { arrivalEstimate, type RefundStatus } from "@/lib/refunds";
import { systemActor, writeAudit } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { enqueue } from "@/server/jobs/enqueue";
import { defineJob, JobAttemptError } from "@/server/jobs/types";
import { markOrderRefunded } from "@/server/orders/mark-order-refunded";
import { REFUND_ADAPTERS } from "@/server/providers";
import { describeQueryFailure } from "@/server/providers/shared/provider-fetch";
import type { RefundCall, RefundOutcome } from "@/server/providers/types";
import { resolveDuplicateRefunded } from "@/server/discrepancies/resolve-duplicate-refunded";
import { orderRefundTotals } from "./order-refund-totals";

const actor = systemActor("refunds");

export interface ExecuteRefundPayload {
  refundNo: string;
}

/**
 * Runs an approved refund in the job runner, after the request (or the approval) committed: provider calls
 * never run inside a database transaction. Same refund no on every attempt. PROCESSING and unknown outcomes
 * throw, so the runner asks again on REFUND_RETRY_SCHEDULE; a definitive refusal fails the refund (its
 * reservation is freed); success records the arrival estimate and moves the order (mark-order-refunded).
 * When the retries run out the refund stays processing with its last error: an unknown refund never frees
 * its amount (refunds.md §6.3) — finance follows it up.
 */
export const executeRefundJob = defineJob<ExecuteRefundPayload>({
  type: "refund.execute",
  retrySchedule: () => getEnv().REFUND_RETRY_SCHEDULE,
  async run({ db, signal }, { refundNo }) {
    const result = await executeRefund(db, refundNo, signal);
    if (result.retry) throw new JobAttemptError(`refund ${refundNo}: ${result.detail}`, { status: result.status });
    return { status: result.status, detail: result.detail };
  },
});

export function enqueueRefundExecution(tx: Db, refund: Refund) {
  return enqueue(tx, executeRefundJob, { refundNo: refund.refundNo }, { dedupeKey: `refund:${refund.refundNo}`, orderNo: refund.orderNo });
}

export interface ExecuteResult {
  status: RefundStatus;
  /** True: not settled yet, ask again later with the same refund no. */
  retry: boolean;
  detail: string;
}

export async function executeRefund(db: Db, refundNo: string, signal?: AbortSignal, now: () => Date = () => new Date()): Promise<ExecuteResult> {
  const [refund] = await db.select().from(refunds).where(eq(refunds.refundNo, refundNo));
  if (!refund) return { status: "failed", retry: false, detail: "refund not found" };
  if (refund.status !== "approved" && refund.status !== "processing") return { status: refund.status, retry: false, detail: `already ${refund.status}` };

  // Alternatives move no money through the provider: recorded as done once approved. A re-shipment is
  // carried out by the shop's fulfilment team from this record (the order stays as it is).
  if (refund.kind !== "refund") {
    await settle(db, refund, { kind: "succeeded", providerStatus: refund.kind === "reship" ? "RESHIP_RECORDED" : "COMPENSATION_RECORDED", providerRefundId: null, raw: "" }, now());
    return { status: "succeeded", retry: false, detail: `${refund.kind} recorded` };
  }

  const adapter = REFUND_ADAPTERS[refund.provider];
  if (!adapter) {
    await settle(db, refund, { kind: "failed", providerStatus: "NOT_SUPPORTED", code: "not_supported", message: `refunds through ${refund.provider} are not integrated`, raw: "" }, now());
    return { status: "failed", retry: false, detail: "provider has no refund adapter" };
  }
  const [order] = await db.select().from(orders).where(eq(orders.id, refund.orderId));
  if (!order) return { status: refund.status, retry: false, detail: "order not found" };
  const call: RefundCall = {
    refundNo: refund.refundNo,
    orderNo: refund.orderNo,
    // A duplicate payment's refund returns that payment, not the order's own (issue 11).
    transactionId: refund.providerTransactionId ?? order.providerTransactionId,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    orderAmountMinor: refund.providerTransactionId ? refund.amountMinor : order.amountMinor,
    reason: refund.reasonCode,
  };
  let outcome: RefundOutcome;
  try {
    // Once sent, ask (query) rather than create again; a create with the same refund no is harmless too.
    outcome = refund.sentAt ? await adapter.queryRefund(call, getEnv(), signal) : await adapter.refund(call, getEnv(), signal);
  } catch (e) {
    const f = describeQueryFailure(e);
    outcome = { kind: "retry", providerStatus: "UNKNOWN", code: f.failure, message: f.error, raw: "" };
  }
  const status = await settle(db, refund, outcome, now());
  return { status, retry: outcome.kind === "processing" || outcome.kind === "retry", detail: `${outcome.kind}: ${outcome.providerStatus}` };
}

/** Records what the provider said, from the states it may come from (someone else settling first wins). */
export async function settle(db: Db, refund: Refund, outcome: RefundOutcome, at: Date): Promise<RefundStatus> {
  return db.transaction(async (tx) => {
    const to: RefundStatus = outcome.kind === "succeeded" ? "succeeded" : outcome.kind === "failed" ? "failed" : "processing";
    const [updated] = await tx
      .update(refunds)
      .set({
        status: to,
        providerStatus: outcome.providerStatus,
        providerRefundId: outcome.kind === "succeeded" || outcome.kind === "processing" ? (outcome.providerRefundId ?? refund.providerRefundId) : refund.providerRefundId,
        lastError: outcome.kind === "failed" || outcome.kind === "retry" ? `${outcome.code}: ${outcome.message}`.slice(0, 500) : null,
        attempts: refund.attempts + 1,
        // The provider never saw it (query answered "unknown refund"): the next attempt creates it again.
        sentAt: outcome.kind === "retry" && outcome.providerStatus === "NOT_FOUND" ? null : (refund.sentAt ?? at),
        succeededAt: to === "succeeded" ? at : null,
        failedAt: to === "failed" ? at : null,
        arrivalBy: to === "succeeded" ? (refund.kind === "refund" ? arrivalEstimate(refund.provider, at) : null) : null,
        updatedAt: at,
      })
      .where(and(eq(refunds.id, refund.id), inArray(refunds.status, ["approved", "processing"])))
      .returning();
    if (!updated) return refund.status;
    if (to !== refund.status || outcome.kind === "failed") {
      await writeAudit(tx, actor, {
        action: `refund.${to}`,
        entityType: "refund",
        entityId: refund.refundNo,
        before: { status: refund.status },
        after: { status: to, providerStatus: outcome.providerStatus, ...(outcome.kind === "failed" || outcome.kind === "retry" ? { code: outcome.code } : {}) },
      });
    }
    if (to === "succeeded" && refund.kind === "refund") {
      // Returning a duplicate payment leaves the order as paid; it closes the reconciliation item instead.
      if (updated.providerTransactionId) await resolveDuplicateRefunded(tx, updated, at);
      else await moveOrder(tx, updated);
    }
    return to;
  });
}

/** The order follows the money actually back (succeeded refunds only). */
export async function moveOrder(tx: Db, refund: Refund): Promise<void> {
  if (refund.providerTransactionId) return; // a duplicate payment returned: the order's own payment stands
  const [order] = await tx.select().from(orders).where(eq(orders.id, refund.orderId)).for("update");
  if (!order) return;
  const { refundedMinor } = await orderRefundTotals(tx, order.id);
  await markOrderRefunded(tx, actor, order, { refundedMinor, refundNo: refund.refundNo });
}
