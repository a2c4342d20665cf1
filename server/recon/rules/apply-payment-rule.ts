import "server-only";
import type { Db } from "@/db/client";
import type { Discrepancy } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import { runStatusQuery } from "@/server/janitor/run-status-query";
import { loadOrder } from "@/server/orders/load-order";
import { describeQueryFailure } from "@/server/providers/shared/provider-fetch";
import { closeByRule } from "./close-by-rule";
import type { RuleOutcome } from "./rule-outcome";

const PAID_LIKE = new Set(["PAID", "FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"]);

/**
 * Rule apply_payment (status_mismatch: the provider has a successful payment, our order is unpaid): ask the
 * provider again, exactly as the janitor does (runStatusQuery: the answer is stored as a message and applied
 * through the callback path, so the order state machine marks it PAID and fulfilment is enqueued), then
 * resolve the item. An order already paid meanwhile is resolved as it stands. Provider errors, "no payment"
 * and answers that do not pay the order leave it open (failed) for a person.
 */
export async function applyPaymentRule(db: Db, item: Discrepancy, runBy: Actor, now: Date): Promise<RuleOutcome> {
  const order = item.orderNo ? await loadOrder(db, item.orderNo) : null;
  if (!order) return { kind: "failed", error: "order not found" };
  const close = (resolution: string, detail: Record<string, unknown>) =>
    closeByRule(db, { id: item.id, rule: "apply_payment", to: "resolved", resolution, detail, runBy, now }).then((done): RuleOutcome => (done ? { kind: "done" } : { kind: "lost" }));
  if (PAID_LIKE.has(order.status)) return close(`order ${order.orderNo} is already ${order.status} (${order.providerTransactionId ?? "no transaction"})`, { orderStatus: order.status });
  if (order.status !== "CREATED") return { kind: "failed", error: `order is ${order.status}` };
  let answer: Awaited<ReturnType<typeof runStatusQuery>>;
  try {
    answer = await runStatusQuery(db, order);
  } catch (e) {
    return { kind: "failed", error: `provider query failed: ${describeQueryFailure(e).error}` };
  }
  if (answer.kind === "not_found") return { kind: "failed", error: `provider has no payment: ${answer.reason}` };
  const after = await loadOrder(db, order.orderNo);
  if (!after || !PAID_LIKE.has(after.status)) return { kind: "failed", error: `provider answer not applied as a payment: ${answer.apply.outcome} (${answer.apply.detail})` };
  return close(`payment applied after a status query (message #${answer.callbackEventId}): ${order.status} → ${after.status}`, {
    orderStatus: after.status,
    callbackEventId: answer.callbackEventId,
    providerTransactionId: after.providerTransactionId,
  });
}
