import "server-only";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import { reason } from "@/lib/reasons";
import { applyNotification, type ApplyResult } from "@/server/callbacks/apply-notification";
import { recordProviderMessage } from "@/server/callbacks/record-provider-message";
import { writeMessageOutcomes } from "@/server/callbacks/write-message-outcomes";
import { getEnv } from "@/server/env";
import { getProviderAdapter } from "@/server/providers";

export type StatusQueryResult =
  | { kind: "applied"; apply: ApplyResult; callbackEventId: number }
  | { kind: "not_found"; reason: string; callbackEventId: number };

/**
 * Asks the order's provider for the payment's state. The answer is stored like a callback (source
 * "query") and, when the provider knows the payment, applied exactly as a callback would be — the same
 * idempotency key, so a callback arriving later is a duplicate. Transport failures throw.
 */
export async function runStatusQuery(db: Db, order: Order, signal?: AbortSignal): Promise<StatusQueryResult> {
  const env = getEnv();
  const adapter = getProviderAdapter(order.provider);
  if (!adapter) throw new Error(`no adapter for provider ${order.provider}`);
  const answer = await adapter.query(
    { orderNo: order.orderNo, providerTransactionId: order.providerTransactionId, amountMinor: order.amountMinor, currency: order.currency },
    env,
    signal,
  );
  const receivedAt = new Date();
  const callbackEventId = await recordProviderMessage(db, {
    provider: order.provider,
    source: "query",
    headers: {},
    body: answer.raw,
    receivedAt,
  });
  if (!answer.found) {
    await writeMessageOutcomes(db, [{ id: callbackEventId, outcome: "ignored", detail: `provider has no payment: ${answer.reason}`, reason: reason("outcome.provider_has_no_payment", { answer: answer.reason }), facts: { orderNo: order.orderNo } }]);
    return { kind: "not_found", reason: answer.reason, callbackEventId };
  }
  const apply = await applyNotification(db, {
    callbackEventId,
    provider: order.provider,
    source: "query",
    receivedAt,
    notification: answer.notification,
  });
  return { kind: "applied", apply, callbackEventId };
}
