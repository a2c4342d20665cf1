import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { discrepancies, type Refund } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";

const RULE_ACTOR: Actor = { id: null, label: "rule:refund_duplicate" };

/**
 * A duplicate payment's refund succeeded (execute-refund settle, in its transaction): its discrepancy — the
 * one item of (provider, that transaction, duplicate_payment) — is resolved by the rule refund_duplicate,
 * saying which refund returned the money. An item a person already closed stays as it is.
 */
export async function resolveDuplicateRefunded(tx: Db, refund: Refund, at: Date): Promise<number | null> {
  if (!refund.providerTransactionId) return null;
  const [row] = await tx
    .update(discrepancies)
    .set({
      status: "resolved",
      repairRule: "refund_duplicate",
      resolution: `duplicate payment ${refund.providerTransactionId} refunded to the payer (refund ${refund.refundNo}, ${refund.amountMinor} ${refund.currency} minor units)`,
      resolvedAt: at,
      resolvedBy: null,
      updatedAt: at,
    })
    .where(
      and(
        eq(discrepancies.provider, refund.provider),
        eq(discrepancies.providerTransactionId, refund.providerTransactionId),
        eq(discrepancies.type, "duplicate_payment"),
        inArray(discrepancies.status, ["open", "waiting"]),
      ),
    )
    .returning({ id: discrepancies.id });
  if (!row) return null;
  await writeAudit(tx, RULE_ACTOR, {
    action: "discrepancy.repair",
    entityType: "discrepancy",
    entityId: String(row.id),
    before: { status: "open" },
    after: { status: "resolved", rule: "refund_duplicate", step: "refund_succeeded", refundNo: refund.refundNo },
  });
  return row.id;
}
