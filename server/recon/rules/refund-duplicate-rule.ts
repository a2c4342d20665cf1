import "server-only";
import type { Db } from "@/db/client";
import type { Discrepancy, Order, Refund } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import type { Env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { writeAudit } from "@/server/audit/write-audit";
import { getProviderAdapter } from "@/server/providers";
import { describeQueryFailure } from "@/server/providers/shared/provider-fetch";
import { requestDuplicateRefund } from "@/server/refunds/request-duplicate-refund";
import { closeByRule, ruleActor } from "./close-by-rule";
import type { RuleOutcome } from "./rule-outcome";

/**
 * Rule refund_duplicate (a second provider transaction on a paid order): ask the provider again that the
 * payment really succeeded, then return THAT transaction through the refund path (server/refunds
 * requestDuplicateRefund: refund no derived from the item, so it exists once; within maxAutoRefundMinor the
 * rule approves it, above it waits for an approver in /refunds). The refund.execute job calls the provider;
 * when it succeeds the item is resolved (resolve-duplicate-refunded). The order keeps its own payment.
 */
export async function refundDuplicateRule(
  db: Db,
  input: { item: Discrepancy; order: Order; amountMinor: number; currency: string; refund?: Refund; maxAutoRefundMinor: number; env: Env; runBy: Actor; now: Date },
): Promise<RuleOutcome> {
  const { item, order, runBy, now } = input;
  const extra = item.providerTransactionId!;
  if (input.refund?.status === "succeeded") {
    const done = await closeByRule(db, { id: item.id, rule: "refund_duplicate", to: "resolved", resolution: `duplicate payment ${extra} refunded (refund ${input.refund.refundNo})`, detail: { refundNo: input.refund.refundNo }, runBy, now });
    return done ? { kind: "done" } : { kind: "lost" };
  }
  const adapter = getProviderAdapter(order.provider);
  if (!adapter) return { kind: "failed", error: `no adapter for provider ${order.provider}` };
  let confirmed: string;
  try {
    const answer = await adapter.query({ orderNo: order.orderNo, providerTransactionId: extra, amountMinor: input.amountMinor, currency: input.currency }, input.env);
    if (!answer.found) return { kind: "failed", error: `provider has no payment: ${answer.reason}` };
    const n = answer.notification;
    if (n.state !== "PAID") return { kind: "failed", error: `provider says ${n.providerStatus} for ${n.transactionId ?? order.orderNo}` };
    // A query by transaction (Stripe) answers for the duplicate itself; a query by merchant order no (sandbox,
    // Alipay, WeChat Pay) shows the order's payment. Either confirms money was taken; anything else does not.
    if (n.transactionId !== extra && n.transactionId !== order.providerTransactionId) return { kind: "failed", error: `provider answered for transaction ${n.transactionId ?? "none"}, neither ${extra} nor the order's own` };
    confirmed = `${n.providerStatus} ${n.transactionId}`;
  } catch (e) {
    return { kind: "failed", error: `provider query failed: ${describeQueryFailure(e).error}` };
  }
  try {
    const { refund, created } = await requestDuplicateRefund(
      db,
      ruleActor("refund_duplicate"),
      { discrepancyId: item.id, orderNo: order.orderNo, transactionId: extra, amountMinor: input.amountMinor, currency: input.currency, autoApproveMaxMinor: input.maxAutoRefundMinor },
      now,
    );
    if (!created) return refund.status === "failed" || refund.status === "rejected" ? { kind: "failed", error: `refund ${refund.refundNo} ${refund.status}` } : { kind: "lost" };
    await db.transaction((tx) =>
      writeAudit(tx, ruleActor("refund_duplicate"), {
        action: "discrepancy.repair",
        entityType: "discrepancy",
        entityId: String(item.id),
        after: { rule: "refund_duplicate", step: "refund_requested", refundNo: refund.refundNo, refundStatus: refund.status, amountMinor: refund.amountMinor, currency: refund.currency, confirmed, runBy: runBy.label },
      }),
    );
    return { kind: "refund_requested", refund };
  } catch (e) {
    if (e instanceof DomainError) return { kind: "failed", error: e.message };
    throw e;
  }
}
