// Refunds and their alternatives (issue 10). Client-safe: no server code.
import type { Provider, Role } from "@/lib/enums";

/** refund: money back through the provider; reship: fulfilment re-run, no money; compensation: an amount recorded. */
export const REFUND_KINDS = ["refund", "reship", "compensation"] as const;
export type RefundKind = (typeof REFUND_KINDS)[number];

/**
 * A request is decided when it is created (server/refunds/request-refund.ts), so "requested" is never stored:
 *   within the requester's limits → approved; over a limit or flagged by the abuse guard → pending_approval.
 *   pending_approval → approved | rejected (someone else, holding refund.approve, whose own limit covers it).
 *   approved → processing (refund handed to the provider, result pending) → succeeded | failed;
 *   approved → succeeded | failed directly when the provider answers at once, and always for reship/compensation.
 * rejected, succeeded and failed are final.
 */
export const REFUND_STATUSES = ["pending_approval", "approved", "rejected", "processing", "succeeded", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Statuses whose amount is reserved against the order's refundable rest (a failed or rejected one frees it). */
export const RESERVING_STATUSES: readonly RefundStatus[] = ["pending_approval", "approved", "processing", "succeeded"];

/** Why money goes back: stored as a code, rendered as `refunds.reason.<code>`. */
export const REFUND_REASONS = ["charged_twice", "paid_not_delivered", "deducted_but_failed", "customer_request", "incident_goodwill", "other"] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** Flags set on a request; any flag sends it to approval. */
export const REFUND_FLAGS = ["over_single_limit", "over_daily_limit", "repeat_refunds"] as const;
export type RefundFlag = (typeof REFUND_FLAGS)[number];

/**
 * Abuse guard: refunds (any kind, not rejected) to the same user id or phone within the window. The
 * (REPEAT_MAX_WITHOUT_APPROVAL + 1)-th one inside the window needs approval, whoever asks, and is flagged.
 */
export const REPEAT_WINDOW_HOURS = 24;
export const REPEAT_MAX_WITHOUT_APPROVAL = 2;

/** Refund limits are set, and compared, in this currency only: another currency is refused for limited roles. */
export const LIMIT_CURRENCY = "CNY";

/** The defaults (admins edit them on /refunds/limits). null = unlimited. Ops and managers do not refund. */
export const DEFAULT_REFUND_LIMITS: Partial<Record<Role, { singleMaxMinor: number | null; dailyMaxMinor: number | null }>> = {
  agent: { singleMaxMinor: 5_000, dailyMaxMinor: 50_000 },
  senior_agent: { singleMaxMinor: 50_000, dailyMaxMinor: 500_000 },
  finance: { singleMaxMinor: 5_000_000, dailyMaxMinor: null },
  admin: { singleMaxMinor: null, dailyMaxMinor: null },
};

/**
 * When the money usually reaches the user after the provider reports success (shared/reference/refunds.md §5):
 * WeChat bank card 1–3 working days (change: minutes), Alipay depends on the bank (balance: at once),
 * Stripe cards 5–10 business days. We quote the slowest usual case, in calendar days, so we never promise
 * too early. The sandbox is immediate.
 */
export const ARRIVAL_DAYS: Record<Provider, number> = { alipay: 3, wechatpay: 3, stripe: 14, sandbox: 0 };

export function arrivalEstimate(provider: Provider, from: Date): Date {
  return new Date(from.getTime() + ARRIVAL_DAYS[provider] * 86_400_000);
}

/** Our idempotency key: RF + yyyymmdd + 16 base-36 characters (≤64, [0-9A-Za-z], fits Alipay and WeChat). */
export function newRefundNo(now: Date, random: () => number = Math.random): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  let tail = "";
  for (let i = 0; i < 16; i++) tail += Math.floor(random() * 36).toString(36);
  return `RF${day}${tail.toUpperCase()}`;
}
