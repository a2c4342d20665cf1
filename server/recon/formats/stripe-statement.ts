import "server-only";
import { parseStatementTime } from "./statement-time";
import { amountOf, currencyOf, required, RowProblem, timeOf, type TableReader } from "./read-table";

/**
 * Stripe itemized reports (balance_change_from_activity.itemized.3, payout_reconciliation.itemized.5),
 * providers.md §6.3: one row per balance transaction, gross/fee/net in MAJOR units, currency lower case,
 * reporting_category charge/refund (others — payouts, fees, disputes — are not payment lines: skipped).
 * Our checkout puts the order no in the PaymentIntent's metadata[order_no] and refunds carry metadata[refund_no].
 */
export const STRIPE_COLUMNS = [
  "balance_transaction_id", "created_utc", "created", "available_on_utc", "currency", "gross", "fee", "net", "reporting_category", "source_id",
  "description", "customer_facing_amount", "customer_facing_currency", "charge_id", "payment_intent_id", "payment_metadata[order_no]",
  "refund_metadata[refund_no]",
] as const;

export const stripeReader: TableReader = {
  formatName: "Stripe itemized report",
  clean: (cell) => cell.trim(),
  isHeader: (cells) => cells.includes("reporting_category") && cells.includes("gross"),
  classify: () => "data",
  toLine(field) {
    const category = required(field, "reporting_category");
    if (category !== "charge" && category !== "refund") return null;
    const currency = currencyOf(required(field, "currency"), "");
    const gross = amountOf(field("gross"), currency, "gross");
    if (category === "charge" ? gross < 0 : gross > 0) throw new RowProblem(`gross ${field("gross")} has the wrong sign for a ${category}`);
    const feeText = field("fee");
    // The report run asks for UTC; a Dashboard export may only have `created` in the account's zone (UTC by default).
    const time = field("created_utc") || field("created");
    const tx = field("payment_intent_id") || field("charge_id") || (category === "charge" ? field("source_id") : "");
    if (tx === "") throw new RowProblem("payment_intent_id is empty");
    return {
      kind: category === "charge" ? "payment" : "refund",
      providerTransactionId: tx,
      orderNo: field("payment_metadata[order_no]") || field("payment_metadata[order_id]") || null,
      refundNo: category === "refund" ? field("refund_metadata[refund_no]") || null : null,
      providerRefundId: category === "refund" ? field("source_id") || null : null,
      amountMinor: Math.abs(gross),
      feeMinor: feeText === "" ? null : amountOf(feeText, currency, "fee"),
      currency,
      occurredAt: timeOf(parseStatementTime(time, "UTC"), time, "created_utc"),
      status: category,
    };
  },
};
