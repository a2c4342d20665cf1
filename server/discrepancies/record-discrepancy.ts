import "server-only";
import type { Db } from "@/db/client";
import type { DiscrepancyType, Provider } from "@/lib/enums";
import { riskOf } from "@/lib/recon";
import type { Reason } from "@/lib/reasons";
import { discrepancies, type Order } from "@/db/schema";
import type { ProviderNotification } from "@/server/providers/types";
import { writeAudit, type Actor } from "@/server/audit/write-audit";


/**
 * Records what the provider says against what our order says. One row per (provider, transaction, type):
 * the provider repeating itself does not multiply the work. Returns whether a new row was created.
 */
export async function recordDiscrepancy(
  tx: Db,
  actor: Actor,
  input: { type: DiscrepancyType; provider: Provider; order: Order; notification: ProviderNotification; callbackEventId: number; detail?: Reason },
): Promise<boolean> {
  const { order, notification: n } = input;
  const rows = await tx
    .insert(discrepancies)
    .values({
      type: input.type,
      risk: riskOf(input.type),
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
      providerFacts: {
        state: n.state,
        providerStatus: n.providerStatus,
        transactionId: n.transactionId,
        amountMinor: n.amountMinor,
        currency: n.currency,
        paidAt: n.paidAt,
        eventId: n.eventId,
        ...n.facts,
      },
      callbackEventId: input.callbackEventId,
      detailCoded: input.detail ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: discrepancies.id });
  if (rows[0]) {
    await writeAudit(tx, actor, {
      action: "discrepancy.create",
      entityType: "discrepancy",
      entityId: String(rows[0].id),
      after: { type: input.type, orderNo: order.orderNo, transactionId: n.transactionId },
    });
  }
  return rows.length > 0;
}
