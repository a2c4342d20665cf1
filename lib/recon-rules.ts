// Reconciliation's auto-repair rules (issue 11): keys and parameters, client-safe (the rules page edits them).

export const REPAIR_RULE_KEYS = ["apply_payment", "refund_duplicate", "write_off"] as const;
export type RepairRuleKey = (typeof REPAIR_RULE_KEYS)[number];

export interface RepairRuleParams {
  apply_payment: Record<string, never>;
  /** Duplicate payments up to this (minor units of the order currency) are refunded on the rule's authority; above it the refund waits for approval in /refunds. */
  refund_duplicate: { maxAutoRefundMinor: number };
  /** Differences up to this (minor units) are written off; null = RECON_WRITE_OFF_MAX in the item's currency. */
  write_off: { maxMinor: number | null };
}

export const DEFAULT_REPAIR_RULES: { [K in RepairRuleKey]: { enabled: boolean; params: RepairRuleParams[K] } } = {
  apply_payment: { enabled: true, params: {} },
  refund_duplicate: { enabled: true, params: { maxAutoRefundMinor: 10_000 } },
  write_off: { enabled: true, params: { maxMinor: null } },
};
