// Reasons people read (why a callback was refused, what applying it did, why a job failed, why an order
// closed or needs review) are stored as a code with parameters beside the English text. The code renders
// as a sentence in the reader's language (messages/<locale>/reasons.json, key `reasons.<code>`); the
// English text stays the raw form for engineers, logs and exports. Client-safe: no server code.

/** How a parameter is formatted before it reaches the ICU sentence. */
export type ReasonParamKind =
  /** Shown as is (identifiers, provider status words, English detail from a third party). */
  | "text"
  /** An integer; sentences may pluralise on it. */
  | "count"
  /** { amountMinor, currency }, formatted with lib/money in the reader's locale. */
  | "money"
  /** An ISO-8601 instant, formatted in the business time zone. */
  | "time"
  /** An order status (CREATED, PAID…), translated with `status.<value>`. */
  | "status";

export interface MoneyParam {
  amountMinor: number;
  currency: string;
}

export type ReasonParamValue = string | number | MoneyParam | null;

/**
 * Why a provider status query gave no usable answer (the `failure` parameter of the query reasons): each
 * kind reads as its own sentence; "other" shows the raw error.
 */
export const PROVIDER_QUERY_FAILURES = ["not_configured", "http_status", "untrusted", "unusable", "wrong_order", "provider_error", "timeout", "network", "other"] as const;
export type ProviderQueryFailure = (typeof PROVIDER_QUERY_FAILURES)[number];

/** The closed set of codes and the kind of each parameter. Adding a code needs a sentence in every locale. */
export const REASON_PARAMS = {
  // Why a callback was refused at intake (callback_events.reject_reason)
  "callback.signature_mismatch": {},
  "callback.missing_header": { header: "text" },
  "callback.timestamp_stale": { ageSeconds: "count", maxSeconds: "count" },
  "callback.timestamp_future": { aheadSeconds: "count", maxSeconds: "count" },
  "callback.provider_not_configured": { setting: "text" },
  "callback.merchant_mismatch": { field: "text", value: "text" },
  "callback.unknown_certificate": { serial: "text" },
  "callback.sign_type_not_allowed": { signType: "text" },
  "callback.decryption_failed": {},
  "callback.body_too_large": { maxBytes: "count" },
  "callback.unstorable_characters": {},
  "callback.verification_crashed": {},
  "callback.malformed": { detail: "text" },
  // What applying a verified message did (callback_events.outcome_detail)
  "outcome.applied_paid": { providerStatus: "text" },
  "outcome.applied_refund": { refundNo: "text", providerStatus: "text" },
  "outcome.applied_closed": { providerStatus: "text" },
  "outcome.no_order_reference": { providerStatus: "text" },
  "outcome.nothing_to_apply": { providerStatus: "text" },
  "outcome.unknown_order": { orderNo: "text" },
  "outcome.order_registered": {},
  "outcome.duplicate_message": { firstMessageId: "count" },
  "outcome.already_settled": { status: "status" },
  "outcome.closed_but_order_moved": { status: "status" },
  "outcome.changed_concurrently": {},
  "outcome.payment_attempt_failed": { providerStatus: "text", status: "status" },
  "outcome.provider_has_no_payment": { answer: "text" },
  "outcome.provider_query_failed": { failure: "text", httpStatus: "count", error: "text" },
  // Discrepancies (callback outcome and discrepancies.detail)
  "discrepancy.amount_mismatch": { paid: "money", expected: "money" },
  "discrepancy.amount_missing": { expected: "money" },
  "discrepancy.currency_mismatch": { paidCurrency: "text", orderCurrency: "text" },
  "discrepancy.paid_after_close": {},
  "discrepancy.duplicate_payment": { transactionId: "text", firstTransactionId: "text" },
  // Why a job attempt failed (jobs.last_error, job_attempts.error)
  "job.merchant_http_status": { httpStatus: "count" },
  "job.merchant_unreachable": { url: "text", error: "text" },
  "job.order_not_found": { orderNo: "text" },
  "job.order_not_paid": { orderNo: "text", status: "status" },
  "job.no_handler": { jobType: "text" },
  "job.status_query_failed": { failure: "text", httpStatus: "count", error: "text" },
  // Why an order closed (orders.close_reason) or needs review (orders.review_reason)
  "order.provider_closed": { providerStatus: "text" },
  "order.expired_unpaid": { providerAnswer: "text" },
  "order.fulfilment_failed": { attempts: "count", lastError: "text" },
  "order.no_provider_answer": { queries: "count", failure: "text", httpStatus: "count", error: "text" },
  "order.expired_without_close": { queries: "count" },
  "order.no_payment_confirmation": { queries: "count" },
  "order.unfulfilled_after_sla": { minutes: "count" },
} as const satisfies Record<string, Record<string, ReasonParamKind>>;

export type ReasonCode = keyof typeof REASON_PARAMS;
export const REASON_CODES = Object.keys(REASON_PARAMS) as ReasonCode[];

type ValueOf<K extends ReasonParamKind> = K extends "money" ? MoneyParam | null : K extends "count" ? number : string;
export type ReasonParams<C extends ReasonCode> = { [P in keyof (typeof REASON_PARAMS)[C]]: (typeof REASON_PARAMS)[C][P] extends ReasonParamKind ? ValueOf<(typeof REASON_PARAMS)[C][P]> : never };

/** A reason as stored (jsonb) and sent to the client. */
export interface Reason {
  code: ReasonCode;
  params?: Record<string, ReasonParamValue>;
}

/** Builds a stored reason, with the parameters its code needs checked by the compiler. */
export function reason<C extends ReasonCode>(code: C, ...[params]: keyof ReasonParams<C> extends never ? [] : [ReasonParams<C>]): Reason {
  return params ? { code, params: params as Record<string, ReasonParamValue> } : { code };
}

export function isReasonCode(code: unknown): code is ReasonCode {
  return typeof code === "string" && Object.hasOwn(REASON_PARAMS, code);
}

/** A stored jsonb value back to a Reason; anything unknown (a code removed since, a broken row) is null. */
export function asReason(value: unknown): Reason | null {
  if (!value || typeof value !== "object") return null;
  const { code, params } = value as { code?: unknown; params?: unknown };
  if (!isReasonCode(code)) return null;
  if (params !== undefined && (params === null || typeof params !== "object" || Array.isArray(params))) return null;
  return params ? { code, params: params as Record<string, ReasonParamValue> } : { code };
}

// Rows written before reasons had codes carry only the English text. The common ones are recognised, so
// old rows read like new ones; anything else keeps rendering as the stored text.
const LEGACY: { re: RegExp; to: (m: RegExpExecArray) => Reason | null }[] = [
  { re: /^signature mismatch/, to: () => reason("callback.signature_mismatch") },
  { re: /^missing (\S+) header$/, to: (m) => reason("callback.missing_header", { header: m[1]! }) },
  { re: /^timestamp (\d+)s old \(max (\d+)s\)$/, to: (m) => reason("callback.timestamp_stale", { ageSeconds: Number(m[1]), maxSeconds: Number(m[2]) }) },
  { re: /^timestamp (\d+)s in the future \(max (\d+)s\)$/, to: (m) => reason("callback.timestamp_future", { aheadSeconds: Number(m[1]), maxSeconds: Number(m[2]) }) },
  { re: /^order (\S+) is not registered yet; applied when it is$/, to: (m) => reason("outcome.unknown_order", { orderNo: m[1]! }) },
  { re: /^order registered; waiting to be applied$/, to: () => reason("outcome.order_registered") },
  { re: /^already handled \(message #(\d+)\)$/, to: (m) => reason("outcome.duplicate_message", { firstMessageId: Number(m[1]) }) },
  { re: /^CREATED → PAID \((.*)\)$/, to: (m) => reason("outcome.applied_paid", { providerStatus: m[1]! }) },
  { re: /^CREATED → CLOSED \((.*)\)$/, to: (m) => reason("outcome.applied_closed", { providerStatus: m[1]! }) },
  { re: /^payment arrived after the order was closed$/, to: () => reason("discrepancy.paid_after_close") },
  { re: /^paid in (\S+), order is in (\S+)$/, to: (m) => reason("discrepancy.currency_mismatch", { paidCurrency: m[1]!, orderCurrency: m[2]! }) },
  { re: /^merchant answered HTTP (\d{3})$/, to: (m) => reason("job.merchant_http_status", { httpStatus: Number(m[1]) }) },
  { re: /^status query failed: (.*)$/s, to: (m) => reason("job.status_query_failed", { failure: "other", httpStatus: 0, error: m[1]! }) },
];

/**
 * The reason of a legacy row, from its English text. `currency` is the row's currency when it has one:
 * old amount texts ("paid 6700, order is 6800 (minor units)") name no currency, and without one they stay text.
 */
export function parseLegacyReason(text: string | null | undefined, context: { currency?: string | null } = {}): Reason | null {
  if (!text) return null;
  const amounts = /^paid (\d+|unknown), order is (\d+) \(minor units\)$/.exec(text);
  if (amounts) {
    if (!context.currency) return null;
    const expected = { amountMinor: Number(amounts[2]), currency: context.currency };
    return amounts[1] === "unknown"
      ? reason("discrepancy.amount_missing", { expected })
      : reason("discrepancy.amount_mismatch", { paid: { amountMinor: Number(amounts[1]), currency: context.currency }, expected });
  }
  for (const { re, to } of LEGACY) {
    const m = re.exec(text);
    if (m) return to(m);
  }
  return null;
}

/** What to render: the stored code, else what the legacy text says, else nothing (show the text as is). */
export function resolveReason(coded: unknown, raw: string | null | undefined, context?: { currency?: string | null }): Reason | null {
  return asReason(coded) ?? parseLegacyReason(raw, context);
}

export interface ReasonFormatters {
  money: (minor: number | null | undefined, currency: string | null | undefined) => string;
  dateTime: (d: Date | string | null | undefined) => string;
}

/**
 * Parameters as the ICU sentence takes them: money and times formatted for the reader, statuses
 * translated, counts left as numbers (sentences pluralise on them). Missing ones become "?" so a row
 * written with fewer parameters still reads.
 */
export function formatReasonParams(
  reason: Reason,
  f: ReasonFormatters & { t: (key: string) => string },
): Record<string, string | number> {
  const kinds = REASON_PARAMS[reason.code] as Record<string, ReasonParamKind>;
  const out: Record<string, string | number> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const v = reason.params?.[name];
    switch (kind) {
      case "money":
        out[name] = v && typeof v === "object" ? f.money(v.amountMinor, v.currency) : "?";
        break;
      case "count":
        out[name] = typeof v === "number" ? v : Number.isFinite(Number(v)) && v !== null && v !== "" ? Number(v) : 0;
        break;
      case "time":
        out[name] = typeof v === "string" ? f.dateTime(v) : "?";
        break;
      case "status": {
        const s = typeof v === "string" ? v : "";
        const label = s ? f.t(`status.${s}`) : "?";
        out[name] = !label || label.endsWith(`status.${s}`) ? s || "?" : label;
        break;
      }
      default:
        out[name] = typeof v === "string" || typeof v === "number" ? String(v) : "?";
    }
  }
  return out;
}
