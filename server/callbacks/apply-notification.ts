import "server-only";
import { and, asc, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { CallbackOutcome, MessageSource, Provider } from "@/lib/enums";
import { reason, type Reason } from "@/lib/reasons";
import { orders, paymentEvents, type Order } from "@/db/schema";
import { systemActor, type Actor } from "@/server/audit/write-audit";
import { recordDiscrepancy, recordMissingInternal, resolveMissingInternal } from "@/server/discrepancies/record-discrepancy";
import { enqueueFulfilments } from "@/server/fulfilment/enqueue-fulfilment";
import { closeOrder } from "@/server/orders/close-order";
import { markOrdersPaid } from "@/server/orders/mark-order-paid";
import type { ProviderNotification } from "@/server/providers/types";
import { columnsOf } from "@/server/lib/sql";
import { applyRefundNotification } from "@/server/refunds/apply-refund-notification";
import { writeMessageOutcomes } from "./write-message-outcomes";

export interface ApplyInput {
  callbackEventId: number;
  provider: Provider;
  source: MessageSource;
  receivedAt: Date;
  notification: ProviderNotification;
}

export interface ApplyResult {
  outcome: CallbackOutcome;
  /** English, for engineers and logs (callback_events.outcome_detail). */
  detail: string;
  /** The same as a code with parameters, rendered in the reader's language (outcome_detail_coded). */
  reason: Reason;
  order?: Order;
}

/**
 * Applies one verified provider message that is already stored, in its own transaction, and writes its
 * outcome in the same transaction. The janitor's status queries use it directly; callbacks go through
 * the inbox applier, which applies many at once with the same rules (applyMessages).
 */
export async function applyNotification(db: Db, input: ApplyInput): Promise<ApplyResult> {
  return db.transaction(async (tx): Promise<ApplyResult> => {
    const [result] = await applyMessages(tx, [input]);
    await writeMessageOutcomes(tx, [{ id: input.callbackEventId, outcome: result!.outcome, detail: result!.detail, reason: result!.reason, facts: input.notification }]);
    return result!;
  });
}

const keyOf = (provider: Provider, dedupeKey: string) => `${provider}\u0001${dedupeKey}`;

/**
 * Applies verified messages, in the caller's transaction, in the order given. Each distinct event changes
 * its order exactly once: the orders are locked first (in one statement, in order-number order, so two
 * appliers never deadlock), then the idempotency keys already taken are read under those locks, so a copy
 * applied by anyone before — or earlier in this batch — is a duplicate. Order transitions go through
 * server/orders; amount/currency mismatches, payments after close and second payments never mark an order
 * paid and leave a discrepancy. Returns one result per input; the caller writes the outcomes.
 */
export async function applyMessages(tx: Db, inputs: ApplyInput[]): Promise<ApplyResult[]> {
  const applicable = inputs.filter((i) => i.notification.orderNo && (i.notification.state === "PAID" || i.notification.state === "CLOSED" || i.notification.state === "FAILED"));
  const orderNos = [...new Set(applicable.map((i) => i.notification.orderNo!))].sort();
  const locked = orderNos.length
    ? await tx.select().from(orders).where(inArray(orders.orderNo, orderNos)).orderBy(asc(orders.orderNo)).for("update")
    : [];
  const current = new Map(locked.map((o) => [o.orderNo, o]));

  const claimedBefore = new Map<string, number>();
  const known = applicable.filter((i) => current.has(i.notification.orderNo!));
  if (known.length) {
    const keys = [...new Set(known.map((i) => i.notification.dedupeKey))];
    const taken = await tx
      .select({ provider: paymentEvents.provider, dedupeKey: paymentEvents.dedupeKey, callbackEventId: paymentEvents.callbackEventId })
      .from(paymentEvents)
      .where(and(inArray(paymentEvents.dedupeKey, keys), inArray(paymentEvents.provider, [...new Set(known.map((i) => i.provider))])));
    for (const t of taken) claimedBefore.set(keyOf(t.provider, t.dedupeKey), t.callbackEventId);
  }

  const results: ApplyResult[] = [];
  const claims: Claim[] = [];
  const pays: { pay: Pay; result: number }[] = [];
  for (const input of inputs) {
    const n = input.notification;
    if (!n.orderNo) {
      results.push({ outcome: "ignored", detail: `no order reference (${n.providerStatus})`, reason: reason("outcome.no_order_reference", { providerStatus: n.providerStatus }) });
      continue;
    }
    // A verified refund result (WeChat Pay REFUND.*) settles our refund (server/refunds), never the order directly.
    if (n.state === "OTHER" && typeof n.facts.out_refund_no === "string" && typeof n.facts.refund_status === "string") {
      const r = await applyRefundNotification(tx, input.provider, n);
      if (r.applied) {
        results.push({ outcome: "applied", detail: r.detail, reason: reason("outcome.applied_refund", { refundNo: r.refundNo ?? "", providerStatus: n.providerStatus }) });
        continue;
      }
    }
    if (n.state === "OTHER" || n.state === "PENDING") {
      results.push({ outcome: "ignored", detail: `${n.providerStatus}: nothing to apply`, reason: reason("outcome.nothing_to_apply", { providerStatus: n.providerStatus }) });
      continue;
    }
    const order = current.get(n.orderNo);
    if (!order) {
      // Money taken for an order we do not hold: a missing_internal item at once (waiting out RECON_GRACE).
      if (n.state === "PAID") await recordMissingInternal(tx, systemActor(`callback:${input.provider}`), { provider: input.provider, notification: n, callbackEventId: input.callbackEventId, receivedAt: input.receivedAt });
      results.push({ outcome: "unknown_order", detail: `order ${n.orderNo} is not registered yet; applied when it is`, reason: reason("outcome.unknown_order", { orderNo: n.orderNo }) });
      continue;
    }
    const key = keyOf(input.provider, n.dedupeKey);
    const first = claimedBefore.get(key);
    if (first !== undefined) {
      results.push({ outcome: "duplicate", detail: `already handled (message #${first})`, reason: reason("outcome.duplicate_message", { firstMessageId: first }), order });
      continue;
    }
    claimedBefore.set(key, input.callbackEventId);
    const actor = systemActor(input.source === "notify" ? `callback:${input.provider}` : `status-query:${input.provider}`);
    const { pay, ...decided } = await decideForOrder(tx, input, actor, order);
    if (decided.order) current.set(n.orderNo, decided.order);
    if (pay) pays.push({ pay, result: results.length });
    results.push(decided);
    claims.push({
      provider: input.provider,
      dedupeKey: n.dedupeKey,
      callbackEventId: input.callbackEventId,
      orderNo: n.orderNo,
      providerTransactionId: n.transactionId,
      providerStatus: n.providerStatus,
      result: decided.outcome,
    });
  }
  // Under the order locks nobody else can take these keys; the unique index stays the last word (a
  // conflict here aborts the whole batch rather than apply an event twice).
  if (pays.length) {
    const updated = await markOrdersPaid(tx, pays.map((p) => p.pay));
    // The orders are locked by this transaction and were CREATED when read: the guarded update cannot
    // miss. If it ever does, abort the batch rather than acknowledge a payment that was not applied.
    if (updated.some((o) => o === null)) throw new Error("order changed under its row lock; batch aborted");
    pays.forEach((p, i) => (results[p.result] = { ...results[p.result]!, order: updated[i]! }));
    await enqueueFulfilments(tx, updated as Order[]);
  }
  if (claims.length) await insertPaymentEvents(tx, claims);
  // A payment first heard of before its order existed (missing_internal) is settled once it applies to it.
  const settled = inputs
    .map((input, i) => ({ input, result: results[i]! }))
    .filter(({ input, result }) => input.notification.state === "PAID" && (result.outcome === "applied" || result.outcome === "discrepancy") && input.notification.transactionId);
  if (settled.length) {
    await resolveMissingInternal(tx, settled.map(({ input, result }) => ({ provider: input.provider, transactionId: input.notification.transactionId, orderNo: input.notification.orderNo!, outcome: result.outcome })));
  }
  return results;
}

type Claim = Required<Pick<typeof paymentEvents.$inferInsert, "provider" | "dedupeKey" | "callbackEventId" | "orderNo" | "providerTransactionId" | "providerStatus" | "result">>;

/** The batch's payment records, one statement (unnest) for any number. */
async function insertPaymentEvents(tx: Db, claims: Claim[]): Promise<void> {
  const col = columnsOf(claims);
  await tx.execute(sql`
    INSERT INTO payment_events (provider, dedupe_key, callback_event_id, order_no, provider_transaction_id, provider_status, result)
    SELECT * FROM unnest(${col((c) => c.provider)}::text[], ${col((c) => c.dedupeKey)}::text[], ${col((c) => c.callbackEventId)}::bigint[],
      ${col((c) => c.orderNo)}::text[], ${col((c) => c.providerTransactionId)}::text[], ${col((c) => c.providerStatus)}::text[], ${col((c) => c.result)}::text[])`);
}

type Pay = Parameters<typeof markOrdersPaid>[1][number];

async function decideForOrder(tx: Db, input: ApplyInput, actor: Actor, order: Order): Promise<ApplyResult & { pay?: Pay }> {
  const n = input.notification;
  const discrepancy = async (type: Parameters<typeof recordDiscrepancy>[2]["type"], detail: string, coded: Reason): Promise<ApplyResult> => {
    await recordDiscrepancy(tx, actor, { type, provider: input.provider, order, notification: n, callbackEventId: input.callbackEventId, detail: coded, receivedAt: input.receivedAt });
    return { outcome: "discrepancy", detail, reason: coded, order };
  };
  const expected = { amountMinor: order.amountMinor, currency: order.currency };

  if (n.state === "PAID") {
    if (n.currency !== null && n.currency !== order.currency) {
      return discrepancy("currency_mismatch", `paid in ${n.currency}, order is in ${order.currency}`, reason("discrepancy.currency_mismatch", { paidCurrency: n.currency, orderCurrency: order.currency }));
    }
    if (n.amountMinor === null || n.amountMinor !== order.amountMinor) {
      return discrepancy(
        "amount_mismatch",
        `paid ${n.amountMinor ?? "unknown"}, order is ${order.amountMinor} (minor units)`,
        n.amountMinor === null
          ? reason("discrepancy.amount_missing", { expected })
          : reason("discrepancy.amount_mismatch", { paid: { amountMinor: n.amountMinor, currency: n.currency ?? order.currency }, expected }),
      );
    }
    if (order.status === "CLOSED") return discrepancy("paid_after_close", "payment arrived after the order was closed", reason("discrepancy.paid_after_close"));
    // Paid already (PAID, FULFILLED, or since refunded in part or in full): only a CREATED order may become PAID.
    if (order.status !== "CREATED") {
      if (order.providerTransactionId && n.transactionId && order.providerTransactionId !== n.transactionId) {
        return discrepancy(
          "duplicate_payment",
          `second payment ${n.transactionId}; order was paid by ${order.providerTransactionId}`,
          reason("discrepancy.duplicate_payment", { transactionId: n.transactionId, firstTransactionId: order.providerTransactionId }),
        );
      }
      return { outcome: "duplicate", detail: `order already ${order.status}`, reason: reason("outcome.already_settled", { status: order.status }), order };
    }
    // Written for the whole batch at once (markOrdersPaid); later messages of the batch already see PAID.
    const pay = { actor, order, input: { providerTransactionId: n.transactionId, paidAt: n.paidAt ?? n.eventAt ?? input.receivedAt, via: input.source, callbackEventId: input.callbackEventId } };
    const paid: Order = { ...order, status: "PAID", providerTransactionId: pay.input.providerTransactionId, paidAt: pay.input.paidAt, paidVia: pay.input.via, needsReview: false, reviewReason: null, reviewReasonCoded: null };
    return { outcome: "applied", detail: `CREATED → PAID (${n.providerStatus})`, reason: reason("outcome.applied_paid", { providerStatus: n.providerStatus }), order: paid, pay };
  }

  if (n.state === "CLOSED") {
    if (order.status !== "CREATED") {
      return { outcome: "ignored", detail: `provider says closed; order is ${order.status}`, reason: reason("outcome.closed_but_order_moved", { status: order.status }), order };
    }
    const updated = await closeOrder(tx, actor, order, { reason: { code: "provider_closed", providerStatus: n.providerStatus }, via: input.source });
    if (!updated) return { outcome: "duplicate", detail: "order changed concurrently", reason: reason("outcome.changed_concurrently"), order };
    return { outcome: "applied", detail: `CREATED → CLOSED (${n.providerStatus})`, reason: reason("outcome.applied_closed", { providerStatus: n.providerStatus }), order: updated };
  }

  // FAILED: one failed attempt does not close the order; the user may pay again.
  return {
    outcome: "ignored",
    detail: `payment attempt failed (${n.providerStatus}); order stays ${order.status}`,
    reason: reason("outcome.payment_attempt_failed", { providerStatus: n.providerStatus, status: order.status }),
    order,
  };
}

/**
 * A notification as stored in callback_events.notification (JSON), back to its typed form. A fact the stored
 * JSON lacks (a row written by an older or newer shape of ProviderNotification) is read as not stated (null),
 * as applyPaymentsInSql reads it, never as undefined: an absent amount is a missing amount, not NaN.
 */
export function notificationFromJson(json: Record<string, unknown>): ProviderNotification {
  const date = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
  const stated = <T>(v: T | undefined) => (v === undefined ? null : v);
  const n = json as unknown as Partial<ProviderNotification>;
  return {
    ...(json as unknown as ProviderNotification),
    transactionId: stated(n.transactionId),
    amountMinor: stated(n.amountMinor),
    currency: stated(n.currency),
    eventAt: date(json.eventAt),
    paidAt: date(json.paidAt),
  };
}
