import { describe, expect, it } from "vitest";
import { priorityOf, riskOf } from "./recon";

describe("riskOf (the issue's table, by hand)", () => {
  it.each([
    ["amount_mismatch", "high"],
    ["currency_mismatch", "high"],
    ["duplicate_payment", "high"],
    ["paid_after_close", "high"],
    ["missing_internal", "high"],
    ["status_mismatch", "medium"],
    ["missing_at_provider", "medium"],
    ["refund_mismatch", "medium"],
  ] as const)("%s is %s", (type, risk) => expect(riskOf(type)).toBe(risk));

  it("a fee difference is low up to the tolerance and medium above it", () => {
    expect(riskOf("fee_mismatch", { differenceMinor: 5, feeToleranceMinor: 5 })).toBe("low");
    expect(riskOf("fee_mismatch", { differenceMinor: -5, feeToleranceMinor: 5 })).toBe("low");
    expect(riskOf("fee_mismatch", { differenceMinor: 6, feeToleranceMinor: 5 })).toBe("medium");
    expect(riskOf("fee_mismatch", { differenceMinor: 1 })).toBe("medium");
  });
});

describe("priorityOf", () => {
  it("orders by risk first, then by amount", () => {
    expect(priorityOf("high", 1)).toBeGreaterThan(priorityOf("medium", 10_000_000_00));
    expect(priorityOf("medium", 2)).toBeGreaterThan(priorityOf("medium", 1));
    expect(priorityOf("low", null)).toBeLessThan(priorityOf("low", 1));
    expect(priorityOf("high", -500)).toBe(priorityOf("high", 500));
  });
});
