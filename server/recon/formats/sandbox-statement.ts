import "server-only";
import { parseStatementTime } from "./statement-time";
import { amountOf, currencyOf, required, RowProblem, timeOf, type TableReader } from "./read-table";

/**
 * Our sandbox provider's daily statement (we define it): UTF-8 CSV with the header below, amounts and fees in
 * major units ("12.30", exact like the real providers'), occurred_at RFC 3339 UTC, type payment|refund;
 * refund rows repeat the paid transaction id and carry our refund no (the sandbox's refund id is the refund no).
 */
export const SANDBOX_HEADER = ["transaction_id", "order_no", "type", "status", "amount", "currency", "fee", "occurred_at", "refund_no"] as const;

export const sandboxReader: TableReader = {
  formatName: "sandbox statement",
  clean: (cell) => cell.trim(),
  isHeader: (cells) => cells[0] === "transaction_id" && cells.includes("amount"),
  classify: (cells) => (cells[0]?.startsWith("#") ? "skip" : "data"),
  toLine(field) {
    const type = required(field, "type");
    if (type !== "payment" && type !== "refund") throw new RowProblem(`type "${type}" is neither payment nor refund`);
    const currency = currencyOf(required(field, "currency"), "");
    const amount = amountOf(field("amount"), currency, "amount");
    if (amount < 0) throw new RowProblem("amount is negative");
    const feeText = field("fee");
    const time = field("occurred_at");
    const refundNo = type === "refund" ? required(field, "refund_no") : null;
    return {
      kind: type,
      providerTransactionId: required(field, "transaction_id"),
      orderNo: field("order_no") || null,
      refundNo,
      providerRefundId: refundNo,
      amountMinor: amount,
      feeMinor: feeText === "" ? null : amountOf(feeText, currency, "fee"),
      currency,
      occurredAt: timeOf(parseStatementTime(time, "UTC"), time, "occurred_at"),
      status: required(field, "status"),
    };
  },
};
