/** The keys a customer lookup tries: a phone (exact), an order no, a provider transaction id, a user id. */
export const CUSTOMER_KEYS = ["phone", "orderNo", "transactionId", "userId"] as const;
export type CustomerKey = (typeof CUSTOMER_KEYS)[number];

/** Why someone unmasked a customer's phone: stored as a code (with a free note) in the audit log. */
export const REVEAL_REASONS = ["callback_requested", "identity_check", "number_mismatch", "fraud_review", "other"] as const;
export type RevealReason = (typeof REVEAL_REASONS)[number];

/** A query that can be a phone number: optional "+", digits with spaces or dashes, 7 to 15 digits. */
export function looksLikePhone(q: string): boolean {
  if (!/^\+?[\d\s-]+$/.test(q)) return false;
  const digits = q.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}
