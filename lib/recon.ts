// Reconciliation's shared vocabulary (issue 11): risk of a discrepancy, and the order of the workbench.
// Client-safe: the workbench shows the same risk the server stores.

import type { DiscrepancyType, RiskLevel } from "./enums";

/**
 * Risk by type. HIGH: money moved that our books do not account for (someone is owed money or goods, or we
 * may pay twice). MEDIUM: the two sides disagree on whether a payment happened. Fee differences are LOW while
 * under the fee tolerance (RECON_FEE_TOLERANCE_MINOR) and MEDIUM above it; refund mismatches are MEDIUM.
 */
export function riskOf(type: DiscrepancyType, opts: { differenceMinor?: number | null; feeToleranceMinor?: number } = {}): RiskLevel {
  switch (type) {
    case "amount_mismatch":
    case "currency_mismatch":
    case "duplicate_payment":
    case "paid_after_close":
    case "missing_internal":
      return "high";
    case "status_mismatch":
    case "missing_at_provider":
    case "refund_mismatch":
      return "medium";
    case "fee_mismatch": {
      const tolerance = opts.feeToleranceMinor ?? 0;
      return Math.abs(opts.differenceMinor ?? 0) <= tolerance ? "low" : "medium";
    }
  }
}

const RISK_WEIGHT: Record<RiskLevel, number> = { high: 3, medium: 2, low: 1 };

/**
 * Priority follows risk, then the amount at stake: a sort key, higher first. Any HIGH item outranks any
 * MEDIUM one whatever the amounts (amounts are capped well below the risk step).
 */
export function priorityOf(risk: RiskLevel, differenceMinor: number | null | undefined): number {
  const amount = Math.min(Math.abs(differenceMinor ?? 0), 1e12 - 1);
  return RISK_WEIGHT[risk] * 1e12 + amount;
}
