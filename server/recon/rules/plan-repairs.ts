import "server-only";
import { and, asc, eq, gt, inArray, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { discrepancies, orders, refunds, type Discrepancy, type Order, type Refund } from "@/db/schema";
import type { RepairRuleKey } from "@/lib/recon-rules";
import type { Env } from "@/server/env";
import { duplicateRefundNo } from "@/server/refunds/request-duplicate-refund";
import { writeOffMaxMinor, type RepairRules } from "./repair-rules";

export interface RepairScope {
  /** The items one statement import found or confirmed. */
  importId?: number;
  /** Exactly these items (the workbench's "run rules now" on a selection). */
  discrepancyIds?: number[];
}

/** What happens to one open item: a rule acts on it, it waits for a refund in flight, or a person gets a ticket. */
export type RepairPlan =
  | { kind: "rule"; rule: RepairRuleKey; item: Discrepancy; order: Order | null; amountMinor: number; currency: string; refund?: Refund }
  | { kind: "in_progress"; item: Discrepancy; refund: Refund }
  | { kind: "ticket"; item: Discrepancy; order: Order | null; why: string; refund?: Refund };

/** Orders that hold a payment of their own (a difference on them is about the amount, not whether it was paid). */
const PAID_LIKE = new Set(["PAID", "FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"]);
const WRITE_OFF_TYPES = new Set(["amount_mismatch", "fee_mismatch", "refund_mismatch"]);
const BATCH = 500;

/**
 * Decides, for one open item, which rule would act. Pure: preview and apply read the same decision, so the
 * dry run says exactly what a run then does (as long as the provider answers as expected).
 *   - status_mismatch (provider success, our order unpaid) → apply_payment;
 *   - duplicate_payment (a second transaction on a paid order) → refund_duplicate, unless its refund is
 *     already requested (in progress: nothing to do) or failed/rejected (a person decides: ticket);
 *   - amount_mismatch on a paid order, fee_mismatch, refund_mismatch with both amounts, |difference| ≤ the
 *     write-off ceiling of its currency → write_off;
 *   - anything else, or a rule switched off → ticket.
 */
export function planRepair(item: Discrepancy, order: Order | null, refund: Refund | undefined, rules: RepairRules, env: Pick<Env, "RECON_WRITE_OFF_MAX">): RepairPlan {
  const ticket = (why: string): RepairPlan => ({ kind: "ticket", item, order, why, ...(refund ? { refund } : {}) });
  const currency = item.currency ?? order?.currency ?? null;
  if (item.type === "status_mismatch") {
    if (!rules.apply_payment.enabled) return ticket("rule apply_payment is off");
    if (!order) return ticket("order not found");
    if (order.status === "CLOSED") return ticket("order is CLOSED: a payment after close needs a person");
    return { kind: "rule", rule: "apply_payment", item, order, amountMinor: item.actualAmountMinor ?? item.differenceMinor ?? order.amountMinor, currency: currency ?? order.currency };
  }
  if (item.type === "duplicate_payment") {
    if (refund) {
      if (refund.status === "failed" || refund.status === "rejected") return ticket(`refund ${refund.refundNo} ${refund.status}${refund.lastError ? `: ${refund.lastError}` : ""}`);
      if (refund.status !== "succeeded") return { kind: "in_progress", item, refund };
    }
    if (!rules.refund_duplicate.enabled) return ticket("rule refund_duplicate is off");
    if (!order || !PAID_LIKE.has(order.status)) return ticket(`order is ${order?.status ?? "missing"}: no payment of its own to keep`);
    const amount = item.actualAmountMinor ?? item.differenceMinor;
    if (!item.providerTransactionId || item.providerTransactionId === order.providerTransactionId) return ticket("no second transaction to refund");
    if (!amount || amount <= 0) return ticket("amount of the second payment unknown");
    if (currency !== order.currency) return ticket(`second payment in ${currency ?? "unknown currency"}, order in ${order.currency}`);
    return { kind: "rule", rule: "refund_duplicate", item, order, amountMinor: amount, currency: order.currency, ...(refund ? { refund } : {}) };
  }
  if (WRITE_OFF_TYPES.has(item.type)) {
    if (!rules.write_off.enabled) return ticket("rule write_off is off");
    if (item.differenceMinor === null || !currency) return ticket("no difference to write off");
    if (item.type === "amount_mismatch" && (!order || !PAID_LIKE.has(order.status))) return ticket("order not paid: the payment itself is in question, not a rounding difference");
    if (item.type === "refund_mismatch" && (item.expectedAmountMinor === null || item.actualAmountMinor === null)) return ticket("refund without a counterpart");
    let max: number;
    try {
      max = writeOffMaxMinor(rules.write_off, env, currency);
    } catch {
      return ticket(`unknown currency ${currency}`);
    }
    if (Math.abs(item.differenceMinor) > max) return ticket(`difference ${item.differenceMinor} above the write-off ceiling ${max}`);
    return { kind: "rule", rule: "write_off", item, order, amountMinor: Math.abs(item.differenceMinor), currency };
  }
  return ticket(`${item.type} needs a person`);
}

/**
 * The open items in scope, oldest first, in batches, each with its plan. Items waiting out their grace and
 * closed items are never touched.
 */
export async function* planRepairs(db: Db, scope: RepairScope, rules: RepairRules, env: Pick<Env, "RECON_WRITE_OFF_MAX">): AsyncGenerator<RepairPlan[]> {
  const filters: SQL[] = [eq(discrepancies.status, "open")];
  if (scope.importId !== undefined) filters.push(eq(discrepancies.statementImportId, scope.importId));
  if (scope.discrepancyIds !== undefined) {
    if (scope.discrepancyIds.length === 0) return;
    filters.push(inArray(discrepancies.id, [...new Set(scope.discrepancyIds)]));
  }
  let after = 0;
  for (;;) {
    const items = await db
      .select()
      .from(discrepancies)
      .where(and(...filters, gt(discrepancies.id, after)))
      .orderBy(asc(discrepancies.id))
      .limit(BATCH);
    if (items.length === 0) return;
    after = items[items.length - 1]!.id;
    const orderNos = [...new Set(items.map((d) => d.orderNo).filter((o): o is string => o !== null))];
    const byOrder = new Map((orderNos.length ? await db.select().from(orders).where(inArray(orders.orderNo, orderNos)) : []).map((o) => [o.orderNo, o]));
    const dups = items.filter((d) => d.type === "duplicate_payment");
    const byRefundNo = new Map(
      (dups.length ? await db.select().from(refunds).where(inArray(refunds.refundNo, dups.map((d) => duplicateRefundNo(d.id)))) : []).map((r) => [r.refundNo, r]),
    );
    yield items.map((d) => planRepair(d, d.orderNo ? (byOrder.get(d.orderNo) ?? null) : null, d.type === "duplicate_payment" ? byRefundNo.get(duplicateRefundNo(d.id)) : undefined, rules, env));
    if (items.length < BATCH) return;
  }
}
