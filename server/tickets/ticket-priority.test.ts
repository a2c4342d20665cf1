import { describe, expect, it } from "vitest";
import type { TicketPriority, TicketType } from "@/lib/tickets";
import { queueFor, ticketPriority, typeForSituation, type TicketRisk } from "./ticket-priority";

// Hand-written expectation table for the priority rule (not derived from the code's constants).
const rows: [string, TicketType, TicketRisk, number | null, string | null, number, boolean, TicketPriority][] = [
  ["a question without an order", "other", "low", null, null, 0, false, "low"],
  ["a complaint, small order", "complaint", "low", 20_00, "CNY", 10, false, "low"],
  ["paid but not updated, ¥20, fresh", "paid_not_updated", "low", 20_00, "CNY", 10, false, "normal"],
  ["paid but not updated, ¥499.99", "paid_not_updated", "low", 499_99, "CNY", 10, false, "normal"],
  ["paid but not updated, ¥500", "paid_not_updated", "low", 500_00, "CNY", 10, false, "high"],
  ["paid but not updated, ¥20, stuck for a day", "paid_not_updated", "low", 20_00, "CNY", 24 * 60, false, "high"],
  ["paid but not updated, ¥20, stuck 23h59", "paid_not_updated", "low", 20_00, "CNY", 24 * 60 - 1, false, "normal"],
  ["paid but not updated, ¥20, VIP", "paid_not_updated", "low", 20_00, "CNY", 10, true, "high"],
  ["charged twice, ¥6,000", "charged_twice", "low", 6_000_00, "CNY", 10, false, "urgent"],
  ["charged twice, $6,000 (no conversion)", "charged_twice", "low", 6_000_00, "USD", 10, false, "normal"],
  ["high-risk discrepancy, ¥20", "paid_not_updated", "high", 20_00, "CNY", 10, false, "urgent"],
  ["medium-risk discrepancy, other", "other", "medium", null, null, 10, false, "normal"],
  ["high-risk alert, no order", "other", "high", null, null, 0, false, "high"],
  ["VIP complaint, ¥800", "complaint", "low", 800_00, "CNY", 10, true, "high"],
  ["refund owed, ¥800, stuck, VIP", "refund", "low", 800_00, "CNY", 2 * 24 * 60, true, "urgent"],
];

describe("ticketPriority", () => {
  for (const [name, type, risk, amountMinor, currency, ageMinutes, vip, expected] of rows) {
    it(`${name} → ${expected}`, () => expect(ticketPriority({ type, risk, amountMinor, currency, ageMinutes, vip })).toBe(expected));
  }
});

describe("routing", () => {
  it("sends money owed back to finance, alerts to ops, complaints to the second line, the rest to the first", () => {
    expect(queueFor("paid_not_updated", "self_service")).toBe("cs_l1");
    expect(queueFor("failed_but_deducted", "console")).toBe("cs_l1");
    expect(queueFor("charged_twice", "self_service")).toBe("finance");
    expect(queueFor("refund", "console")).toBe("finance");
    expect(queueFor("complaint", "console")).toBe("cs_l2");
    expect(queueFor("other", "alert")).toBe("ops");
    expect(queueFor("other", "incident")).toBe("ops");
    expect(queueFor("paid_not_updated", "discrepancy")).toBe("finance");
  });
  it("names the type after what the lookup found", () => {
    expect(typeForSituation("processing")).toBe("paid_not_updated");
    expect(typeForSituation("done")).toBe("paid_not_updated");
    expect(typeForSituation("charged_twice")).toBe("charged_twice");
    expect(typeForSituation("refund_pending")).toBe("refund");
    expect(typeForSituation("not_paid")).toBe("failed_but_deducted");
    expect(typeForSituation(null)).toBe("other");
  });
});
