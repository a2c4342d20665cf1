import "server-only";
import { parseStatementTime } from "./statement-time";
import { amountOf, currencyOf, required, RowProblem, timeOf, type TableReader } from "./read-table";
import type { ColumnMapping } from "./types";

/**
 * Any other CSV through a saved column mapping: columns by header name. Without a kind column a negative amount
 * is a refund (most exports sign refunds); with one, refundValues say which values are refunds. With
 * successValues and a status column, rows in another status (failed, pending) are not statement lines.
 */
export function mappedReader(mapping: ColumnMapping): TableReader {
  const c = mapping.columns;
  const timeZone = mapping.timeZone ?? "Asia/Shanghai";
  const refundValues = new Set((mapping.refundValues ?? ["refund", "退款", "REFUND"]).map((v) => v.trim()));
  const successValues = mapping.successValues && new Set(mapping.successValues.map((v) => v.trim()));
  return {
    formatName: "CSV with the mapped columns",
    delimiter: mapping.delimiter,
    skipLines: mapping.skipLines,
    clean: (cell) => cell.replace(/\t/g, "").trim().replace(/^`/, ""),
    isHeader: (cells) => cells.includes(c.providerTransactionId) && cells.includes(c.amount),
    classify: (cells) => (cells[0]?.startsWith("#") ? "skip" : "data"),
    toLine(field) {
      const status = c.status ? field(c.status) : "";
      if (successValues && c.status && !successValues.has(status)) return null;
      const currency = currencyOf(c.currency ? field(c.currency) : "", mapping.defaultCurrency ?? "CNY");
      const text = required(field, c.amount);
      let amount: number;
      if (mapping.amountUnit === "minor") {
        if (!/^[-+]?\d+$/.test(text)) throw new RowProblem(`${c.amount} "${text}" is not a whole number of minor units`);
        amount = Number(text);
        if (!Number.isSafeInteger(amount)) throw new RowProblem(`${c.amount} "${text}" is out of range`);
      } else {
        amount = amountOf(text, currency, c.amount);
      }
      const refund = c.kind ? refundValues.has(field(c.kind)) : amount < 0;
      const feeText = c.fee ? field(c.fee) : "";
      let fee: number | null = null;
      if (feeText !== "") fee = mapping.amountUnit === "minor" ? Number(feeText) : amountOf(feeText, currency, c.fee!);
      if (fee !== null && !Number.isSafeInteger(fee)) throw new RowProblem(`${c.fee} "${feeText}" is not an amount`);
      const time = field(c.occurredAt);
      const refundNo = refund && c.refundNo ? field(c.refundNo) || null : null;
      return {
        kind: refund ? "refund" : "payment",
        providerTransactionId: required(field, c.providerTransactionId),
        orderNo: (c.orderNo && field(c.orderNo)) || null,
        refundNo,
        providerRefundId: null,
        amountMinor: Math.abs(amount),
        feeMinor: fee,
        currency,
        occurredAt: timeOf(parseStatementTime(time, timeZone), time, c.occurredAt),
        status: status || (refund ? "refund" : "payment"),
      };
    },
  };
}
