import "server-only";
import type { LookupAnswerKind, TicketPriority, TicketQueue, TicketSource, TicketType } from "@/lib/tickets";

export type TicketRisk = "low" | "medium" | "high";

export interface PriorityFacts {
  type: TicketType;
  /** From the discrepancy or alert behind the ticket; a user's own ticket is "low" unless a reason says otherwise. */
  risk: TicketRisk;
  /** The linked order's amount (null without an order). */
  amountMinor: number | null;
  currency: string | null;
  /** How long the user's money or order has been in this state (since the order was paid or created), minutes. */
  ageMinutes: number;
  vip: boolean;
}

/** Types where the user's money is at stake: paid and not served, taken twice, taken on a failure, owed back. */
const MONEY_AT_STAKE: readonly TicketType[] = ["paid_not_updated", "charged_twice", "failed_but_deducted", "refund"];
/** CNY thresholds in fen; other currencies are not converted, so their amount adds nothing (honest, not guessed). */
const LARGE_CNY_MINOR = 500_00;
const VERY_LARGE_CNY_MINOR = 5_000_00;
const STUCK_MINUTES = 24 * 60;

/**
 * The priority rule, in one place: points for money at stake (1), risk (medium 1, high 2), amount (≥ ¥500 1,
 * ≥ ¥5,000 2), age (stuck a day or more 1), VIP (1); 0 → low, 1 → normal, 2 → high, 3 or more → urgent.
 */
export function ticketPriority(f: PriorityFacts): TicketPriority {
  let points = 0;
  if (MONEY_AT_STAKE.includes(f.type)) points += 1;
  points += f.risk === "high" ? 2 : f.risk === "medium" ? 1 : 0;
  if (f.currency === "CNY" && f.amountMinor !== null) points += f.amountMinor >= VERY_LARGE_CNY_MINOR ? 2 : f.amountMinor >= LARGE_CNY_MINOR ? 1 : 0;
  if (f.ageMinutes >= STUCK_MINUTES) points += 1;
  if (f.vip) points += 1;
  return points >= 3 ? "urgent" : points === 2 ? "high" : points === 1 ? "normal" : "low";
}

/** Where a ticket goes when its opener does not choose: money owed back to finance, alerts to ops, the rest to first-line CS. */
export function queueFor(type: TicketType, source: TicketSource): TicketQueue {
  if (source === "alert" || source === "incident") return "ops";
  if (source === "discrepancy") return "finance";
  if (type === "charged_twice" || type === "refund") return "finance";
  if (type === "complaint") return "cs_l2";
  return "cs_l1";
}

/** What the self-service lookup found, as a ticket type (the user says "I paid"; the order says what happened). */
export function typeForSituation(kind: LookupAnswerKind | null): TicketType {
  switch (kind) {
    case "done":
    case "processing":
      return "paid_not_updated";
    case "charged_twice":
      return "charged_twice";
    case "refund_pending":
      return "refund";
    case "not_paid":
    case "closed":
      return "failed_but_deducted";
    default:
      return "other";
  }
}
