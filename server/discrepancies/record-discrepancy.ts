import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { DiscrepancyType, Provider } from "@/lib/enums";
import { riskOf } from "@/lib/recon";
import type { Reason } from "@/lib/reasons";
import { discrepancies, type Order } from "@/db/schema";
import type { ProviderNotification } from "@/server/providers/types";
import { writeAudit, writeAudits, type Actor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { columnsOf, rowsOf } from "@/server/lib/sql";
import { businessDay } from "@/server/status/business-days";

/** The provider's facts as kept on a discrepancy (both the callback and the statement sides show them). */
function providerFactsOf(n: ProviderNotification): Record<string, unknown> {
  return {
    state: n.state,
    providerStatus: n.providerStatus,
    transactionId: n.transactionId,
    amountMinor: n.amountMinor,
    currency: n.currency,
    paidAt: n.paidAt,
    eventId: n.eventId,
    ...n.facts,
  };
}

/** The statement day (business time zone) of a payment: when the provider says it was paid, else when we heard. */
export function paymentBusinessDate(n: Pick<ProviderNotification, "paidAt" | "eventAt">, receivedAt: Date): string {
  return businessDay(n.paidAt ?? n.eventAt ?? receivedAt, getEnv().BUSINESS_TIMEZONE);
}

/**
 * The absolute difference in minor units, or the amount at stake when the two sides cannot be compared
 * (another currency, a payment after close, a second payment): what the workbench sums and sorts by.
 */
export function realtimeDifference(type: DiscrepancyType, order: Pick<Order, "amountMinor">, n: Pick<ProviderNotification, "amountMinor">): number {
  if (type === "amount_mismatch") return n.amountMinor === null ? order.amountMinor : Math.abs(n.amountMinor - order.amountMinor);
  return n.amountMinor ?? order.amountMinor;
}

/**
 * Records what the provider says against what our order says, the moment a verified callback or status
 * query answer is applied (source "realtime"). One row per (provider, transaction, type): the provider
 * repeating itself does not multiply the work, and a statement confirming it later updates this row.
 * Returns whether a new row was created.
 */
export async function recordDiscrepancy(
  tx: Db,
  actor: Actor,
  input: { type: DiscrepancyType; provider: Provider; order: Order; notification: ProviderNotification; callbackEventId: number; detail?: Reason; receivedAt?: Date },
): Promise<boolean> {
  const { order, notification: n } = input;
  const differenceMinor = realtimeDifference(input.type, order, n);
  const rows = await tx
    .insert(discrepancies)
    .values({
      type: input.type,
      risk: riskOf(input.type, { differenceMinor }),
      provider: input.provider,
      orderNo: order.orderNo,
      providerTransactionId: n.transactionId,
      expectedAmountMinor: order.amountMinor,
      actualAmountMinor: n.amountMinor,
      currency: n.currency ?? order.currency,
      ourFacts: {
        status: order.status,
        amountMinor: order.amountMinor,
        currency: order.currency,
        providerTransactionId: order.providerTransactionId,
        paidAt: order.paidAt,
        closedAt: order.closedAt,
      },
      providerFacts: providerFactsOf(n),
      callbackEventId: input.callbackEventId,
      detailCoded: input.detail ?? null,
      source: "realtime",
      businessDate: paymentBusinessDate(n, input.receivedAt ?? new Date()),
      differenceMinor,
    })
    .onConflictDoNothing()
    .returning({ id: discrepancies.id });
  if (rows[0]) {
    await writeAudit(tx, actor, {
      action: "discrepancy.create",
      entityType: "discrepancy",
      entityId: String(rows[0].id),
      after: { type: input.type, orderNo: order.orderNo, transactionId: n.transactionId, differenceMinor, source: "realtime" },
    });
  }
  return rows.length > 0;
}

/**
 * A verified PAID message for an order we do not hold: the provider took money we cannot account for
 * (missing_internal, no order). Callbacks often overtake the merchant's order registration by moments, so it
 * first waits RECON_GRACE (status "waiting", never counted as an exception); if the order is registered and
 * the payment applies meanwhile it is resolved (resolveMissingInternal), else the pending-review sweep opens
 * it. A message without a transaction id cannot be told apart from its repeats and is not recorded.
 */
export async function recordMissingInternal(
  tx: Db,
  actor: Actor,
  input: { provider: Provider; notification: ProviderNotification; callbackEventId: number; receivedAt: Date },
): Promise<boolean> {
  const n = input.notification;
  if (!n.transactionId || n.state !== "PAID") return false;
  const differenceMinor = n.amountMinor ?? 0;
  const rows = await tx
    .insert(discrepancies)
    .values({
      type: "missing_internal",
      risk: riskOf("missing_internal", { differenceMinor }),
      status: "waiting",
      graceUntil: new Date(input.receivedAt.getTime() + getEnv().RECON_GRACE),
      provider: input.provider,
      orderNo: null,
      providerTransactionId: n.transactionId,
      expectedAmountMinor: null,
      actualAmountMinor: n.amountMinor,
      currency: n.currency,
      ourFacts: { orderNo: n.orderNo, registered: false },
      providerFacts: providerFactsOf(n),
      callbackEventId: input.callbackEventId,
      source: "realtime",
      businessDate: paymentBusinessDate(n, input.receivedAt),
      differenceMinor,
    })
    .onConflictDoNothing()
    .returning({ id: discrepancies.id });
  if (rows[0]) {
    await writeAudit(tx, actor, {
      action: "discrepancy.create",
      entityType: "discrepancy",
      entityId: String(rows[0].id),
      after: { type: "missing_internal", orderNo: n.orderNo, transactionId: n.transactionId, differenceMinor, source: "realtime", status: "waiting" },
    });
  }
  return rows.length > 0;
}

/**
 * The order of a missing_internal payment appeared and the provider's message about it was applied (paid,
 * or recorded as another discrepancy of that order): the missing_internal item of that transaction is
 * resolved, saying so, and linked to the order. One statement for a whole batch. Returns the ids resolved.
 */
export async function resolveMissingInternal(
  tx: Db,
  items: { provider: Provider; transactionId: string | null; orderNo: string; outcome: string }[],
  at: Date = new Date(),
): Promise<number[]> {
  const known = items.filter((i): i is typeof i & { transactionId: string } => i.transactionId !== null);
  if (known.length === 0) return [];
  const col = columnsOf(known);
  // (provider, provider_transaction_id, type) is unique: at most one row per item, found by that index.
  const resolved = rowsOf<{ id: string | number; provider: Provider; order_no: string; outcome: string }>(
    await tx.execute(sql`
      UPDATE discrepancies d SET status = 'resolved', order_no = v.order_no, resolved_at = ${at.toISOString()}::timestamptz, resolved_by = null,
        resolution = 'order ' || v.order_no || ' registered after the payment; its message was applied (' || v.outcome || ')', updated_at = now()
      FROM unnest(${col((i) => i.provider)}::text[], ${col((i) => i.transactionId)}::text[], ${col((i) => i.orderNo)}::text[], ${col((i) => i.outcome)}::text[])
        AS v(provider, transaction_id, order_no, outcome)
      WHERE d.type = 'missing_internal' AND d.status IN ('open', 'waiting') AND d.provider = v.provider AND d.provider_transaction_id = v.transaction_id
      RETURNING d.id, d.provider, v.order_no, v.outcome`),
  );
  await writeAudits(
    tx,
    resolved.map((r) => ({
      actor: { id: null, label: `system:callback:${r.provider}` },
      entry: { action: "discrepancy.auto_resolve", entityType: "discrepancy", entityId: String(r.id), after: { status: "resolved", orderNo: r.order_no, outcome: r.outcome } },
    })),
  );
  return resolved.map((r) => Number(r.id));
}
