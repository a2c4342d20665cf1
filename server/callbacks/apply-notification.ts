import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { CallbackOutcome, MessageSource, Provider } from "@/lib/enums";
import { callbackEvents, orders, paymentEvents, type Order } from "@/db/schema";
import { systemActor, writeAudit } from "@/server/audit/write-audit";
import { recordDiscrepancy } from "@/server/discrepancies/record-discrepancy";
import { enqueueFulfilment } from "@/server/fulfilment/enqueue-fulfilment";
import { statusesBefore } from "@/server/orders/state-machine";
import type { ProviderNotification } from "@/server/providers/types";

export interface ApplyInput {
  callbackEventId: number;
  provider: Provider;
  source: MessageSource;
  receivedAt: Date;
  notification: ProviderNotification;
  startedAt?: number;
}

export interface ApplyResult {
  outcome: CallbackOutcome;
  detail: string;
  order?: Order;
}

/**
 * Applies one verified provider message to its order, exactly once, in one transaction: the idempotency
 * row, the state change, the fulfilment job, discrepancies, audit rows and the message's outcome commit
 * together or not at all. Shared by callbacks (source "notify") and status queries (source "query").
 */
export async function applyNotification(db: Db, input: ApplyInput): Promise<ApplyResult> {
  const n = input.notification;
  const actor = systemActor(input.source === "notify" ? `callback:${input.provider}` : `status-query:${input.provider}`);
  return db.transaction(async (tx): Promise<ApplyResult> => {
    const decided = await decide(tx, input, actor);
    await tx
      .update(callbackEvents)
      .set({
        verification: "verified",
        outcome: decided.outcome,
        outcomeDetail: decided.detail,
        eventId: n.eventId,
        orderNo: n.orderNo,
        providerTransactionId: n.transactionId,
        providerStatus: n.providerStatus,
        amountMinor: n.amountMinor,
        currency: n.currency,
        eventAt: n.eventAt,
        delayMs: n.eventAt ? Math.max(0, input.receivedAt.getTime() - n.eventAt.getTime()) : null,
        processedAt: new Date(),
        processingMs: input.startedAt ? Date.now() - input.startedAt : null,
      })
      .where(eq(callbackEvents.id, input.callbackEventId));
    return decided;
  });
}

async function decide(tx: Db, input: ApplyInput, actor: ReturnType<typeof systemActor>): Promise<ApplyResult> {
  const n = input.notification;
  if (!n.orderNo) return { outcome: "ignored", detail: `no order reference (${n.providerStatus})` };
  if (n.state === "OTHER" || n.state === "PENDING") {
    return { outcome: "ignored", detail: `${n.providerStatus}: nothing to apply` };
  }

  // Lock the order: concurrent messages about one order are applied one after another.
  const [order] = await tx.select().from(orders).where(eq(orders.orderNo, n.orderNo)).for("update");
  if (!order) return { outcome: "unknown_order", detail: `order ${n.orderNo} is not registered (yet)` };

  const claimed = await tx
    .insert(paymentEvents)
    .values({
      provider: input.provider,
      dedupeKey: n.dedupeKey,
      callbackEventId: input.callbackEventId,
      orderNo: n.orderNo,
      providerTransactionId: n.transactionId,
      providerStatus: n.providerStatus,
      result: "received",
    })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (claimed.length === 0) {
    const [first] = await tx
      .select({ callbackEventId: paymentEvents.callbackEventId })
      .from(paymentEvents)
      .where(and(eq(paymentEvents.provider, input.provider), eq(paymentEvents.dedupeKey, n.dedupeKey)));
    return { outcome: "duplicate", detail: `already handled (message #${first?.callbackEventId ?? "?"})`, order };
  }

  const decided = await decideForOrder(tx, input, actor, order);
  await tx.update(paymentEvents).set({ result: decided.outcome }).where(eq(paymentEvents.id, claimed[0]!.id));
  return decided;
}

async function decideForOrder(tx: Db, input: ApplyInput, actor: ReturnType<typeof systemActor>, order: Order): Promise<ApplyResult> {
  const n = input.notification;
  const discrepancy = async (type: Parameters<typeof recordDiscrepancy>[2]["type"], detail: string): Promise<ApplyResult> => {
    await recordDiscrepancy(tx, actor, { type, provider: input.provider, order, notification: n, callbackEventId: input.callbackEventId });
    return { outcome: "discrepancy", detail, order };
  };

  if (n.state === "PAID") {
    if (n.currency !== null && n.currency !== order.currency) {
      return discrepancy("currency_mismatch", `paid in ${n.currency}, order is in ${order.currency}`);
    }
    if (n.amountMinor === null || n.amountMinor !== order.amountMinor) {
      return discrepancy("amount_mismatch", `paid ${n.amountMinor ?? "unknown"}, order is ${order.amountMinor} (minor units)`);
    }
    if (order.status === "CLOSED") return discrepancy("paid_after_close", "payment arrived after the order was closed");
    if (order.status === "PAID" || order.status === "FULFILLED") {
      if (order.providerTransactionId && n.transactionId && order.providerTransactionId !== n.transactionId) {
        return discrepancy("duplicate_payment", `second payment ${n.transactionId}; order was paid by ${order.providerTransactionId}`);
      }
      return { outcome: "duplicate", detail: `order already ${order.status}`, order };
    }
    const paidAt = n.paidAt ?? n.eventAt ?? input.receivedAt;
    const [updated] = await tx
      .update(orders)
      .set({ status: "PAID", providerTransactionId: n.transactionId, paidAt, paidVia: input.source, needsReview: false, reviewReason: null })
      .where(and(eq(orders.id, order.id), sql`${orders.status} in ${statusesBefore("PAID")}`))
      .returning();
    if (!updated) return { outcome: "duplicate", detail: "order changed concurrently", order };
    await writeAudit(tx, actor, {
      action: "order.paid",
      entityType: "order",
      entityId: order.orderNo,
      before: { status: order.status },
      after: { status: "PAID", providerTransactionId: n.transactionId, paidAt, via: input.source, callbackEventId: input.callbackEventId },
    });
    await enqueueFulfilment(tx, updated);
    return { outcome: "applied", detail: `CREATED → PAID (${n.providerStatus})`, order: updated };
  }

  if (n.state === "CLOSED") {
    if (order.status !== "CREATED") return { outcome: "ignored", detail: `provider says closed; order is ${order.status}`, order };
    const [updated] = await tx
      .update(orders)
      .set({ status: "CLOSED", closedAt: new Date(), closeReason: `provider: ${n.providerStatus}` })
      .where(and(eq(orders.id, order.id), sql`${orders.status} in ${statusesBefore("CLOSED")}`))
      .returning();
    if (!updated) return { outcome: "duplicate", detail: "order changed concurrently", order };
    await writeAudit(tx, actor, {
      action: "order.closed",
      entityType: "order",
      entityId: order.orderNo,
      before: { status: order.status },
      after: { status: "CLOSED", reason: n.providerStatus, via: input.source },
    });
    return { outcome: "applied", detail: `CREATED → CLOSED (${n.providerStatus})`, order: updated };
  }

  // FAILED: one failed attempt does not close the order; the user may pay again.
  return { outcome: "ignored", detail: `payment attempt failed (${n.providerStatus}); order stays ${order.status}`, order };
}
