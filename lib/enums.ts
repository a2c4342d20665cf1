// Plain tuples, importable by client components without pulling in Drizzle.

export const ROLES = ["agent", "senior_agent", "finance", "ops", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PROVIDERS = ["alipay", "wechatpay", "stripe", "sandbox"] as const;
export type Provider = (typeof PROVIDERS)[number];

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

export const DISCREPANCY_TYPES = [
  "amount_mismatch",
  "currency_mismatch",
  "paid_after_close",
  "duplicate_payment",
] as const;
export type DiscrepancyType = (typeof DISCREPANCY_TYPES)[number];

export const RISK_LEVELS = ["high", "medium", "low"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const DISCREPANCY_STATUSES = ["open", "resolved", "ignored"] as const;
export type DiscrepancyStatus = (typeof DISCREPANCY_STATUSES)[number];

export const JOB_STATUSES = ["pending", "running", "succeeded", "dead", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
