// Plain tuples, importable by client components without pulling in Drizzle.

export const ROLES = ["agent", "senior_agent", "finance", "ops", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PROVIDERS = ["alipay", "wechatpay", "stripe", "sandbox"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A URL's ?provider= as a provider, or "" (all) when absent or unknown. */
export function providerParam(value: unknown): Provider | "" {
  return typeof value === "string" && (PROVIDERS as readonly string[]).includes(value) ? (value as Provider) : "";
}

export const ORDER_STATUSES = ["CREATED", "PAID", "FULFILLED", "CLOSED", "PARTIALLY_REFUNDED", "REFUNDED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where a provider message came from: pushed by the provider, or pulled by our status query. */
export const MESSAGE_SOURCES = ["notify", "query"] as const;
export type MessageSource = (typeof MESSAGE_SOURCES)[number];

export const VERIFICATIONS = ["pending", "verified", "rejected", "malformed"] as const;
export type Verification = (typeof VERIFICATIONS)[number];

export const CALLBACK_OUTCOMES = [
  "received", // stored, not yet processed (or processing crashed: visible, replayable)
  "applied", // changed an order
  "duplicate", // same notification seen before; nothing changed
  "ignored", // verified but nothing to do (pending state, state already further along)
  "unknown_order", // answered failure so the provider retries
  "discrepancy", // recorded for reconciliation, order untouched
  "rejected", // failed verification; never applied
  "malformed", // could not be parsed
  "error", // our failure; answered failure so the provider retries
] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/**
 * Where our books and the provider's disagree (issue 11). Stable codes: stored, exported, and named by the
 * recon:report JSON. Real-time checks (every applied callback or status query) and the T+1 statement use the
 * same codes, so a finding of both is one item.
 */
export const DISCREPANCY_TYPES = [
  "status_mismatch", // provider success, our order not paid
  "amount_mismatch",
  "currency_mismatch",
  "duplicate_payment", // a second provider transaction for one order
  "missing_at_provider", // we think paid, the provider has no success
  "missing_internal", // provider success, no such order
  "paid_after_close",
  "refund_mismatch", // a refund line that does not match our refund (amount, missing either side)
  "fee_mismatch", // fee differs from the channel's configured rate beyond a tolerance
] as const;
export type DiscrepancyType = (typeof DISCREPANCY_TYPES)[number];

export const RISK_LEVELS = ["high", "medium", "low"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * open: an exception someone (or a rule) must handle. waiting: inside its timing grace (RECON_GRACE), never
 * counted as an exception; closed automatically when the next statement brings the line. resolved: fixed
 * (by a person, or by an auto-repair rule: discrepancies.repairRule says which). written_off: a difference
 * accepted with a reason (at most RECON_WRITE_OFF_MAX by rule). ignored: not a real difference.
 */
export const DISCREPANCY_STATUSES = ["open", "waiting", "resolved", "written_off", "ignored"] as const;
export type DiscrepancyStatus = (typeof DISCREPANCY_STATUSES)[number];

/** Where a discrepancy was first found. */
export const DISCREPANCY_SOURCES = ["realtime", "statement", "sweep"] as const;
export type DiscrepancySource = (typeof DISCREPANCY_SOURCES)[number];

export const JOB_STATUSES = ["pending", "running", "succeeded", "dead", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
