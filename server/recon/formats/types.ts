// No "server-only": scripts, the bench and Playwright fixtures import these types (scripts/check-server-only.ts).
import type { Provider } from "@/lib/enums";
import type { RawFields } from "./raw-fields";

export type StatementLineKind = "payment" | "refund";

/** One payment or refund line of a provider statement, in our terms (money in minor units, times UTC). */
export interface StatementLine {
  /** 1-based line number in the (decoded) file where the record starts: row errors and the detail view point at it. */
  lineNo: number;
  kind: StatementLineKind;
  /** Provider's trade/charge id (refund lines: the paid transaction's id). */
  providerTransactionId: string;
  /** Merchant order no (our orders.order_no). */
  orderNo: string | null;
  /** Refund lines: our refund no (out_request_no / out_refund_no / metadata); else null. */
  refundNo: string | null;
  providerRefundId: string | null;
  /** Positive: paid amount (payment) or refunded amount (refund), exact from the string. */
  amountMinor: number;
  /** Provider fee on this line, positive = charged to us (negative = returned); null if the format has none. */
  feeMinor: number | null;
  /** ISO 4217, upper case. */
  currency: string;
  /** UTC instant (provider local time converted: Alipay/WeChat are Asia/Shanghai). */
  occurredAt: Date;
  /** The provider's word as in the file (交易/退款, SUCCESS/REFUND, charge/refund…). */
  status: string;
  /** The line's fields by header name, cleaned text (side-by-side view). */
  raw: RawFields;
}

export interface RowError {
  lineNo: number;
  message: string;
  raw: string;
}

export type ParsedRecord = { ok: true; line: StatementLine } | { ok: false; error: RowError };

/** "Any other CSV through a saved column mapping": column names as in the file's header row. */
export interface ColumnMapping {
  delimiter?: string;
  encoding?: "utf8" | "gbk";
  /** Lines to skip before the header row (titles, exports' preambles). */
  skipLines?: number;
  /** IANA zone of times without an offset; default Asia/Shanghai. */
  timeZone?: string;
  columns: {
    providerTransactionId: string;
    orderNo?: string;
    amount: string;
    currency?: string;
    fee?: string;
    occurredAt: string;
    kind?: string;
    status?: string;
    refundNo?: string;
  };
  defaultCurrency?: string;
  /** Values of the `kind` column that mean refund (anything else is a payment). */
  refundValues?: string[];
  /** When set (and a status column is mapped), rows with another status are not statement lines: skipped. */
  successValues?: string[];
  amountUnit?: "major" | "minor";
}

export type StatementFormat = { kind: "provider"; provider: Provider } | { kind: "mapping"; provider: Provider; mapping: ColumnMapping };

/** What the writers take: a statement line without its position and file text. */
export type StatementLineInput = Omit<StatementLine, "lineNo" | "raw">;
