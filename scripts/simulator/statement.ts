import type { SandboxPayment } from "@/server/providers/sandbox/sign-answer";
import { businessDayBounds } from "@/server/recon/formats/statement-time";
import type { StatementLineInput } from "@/server/recon/formats/types";
import { writeStatement } from "@/server/recon/formats/write-statement";

/** The sandbox's fee: 0.60 % of the amount, rounded to the fen (RECON_FEE_RATES' default "sandbox:60"). */
export const sandboxFee = (amountMinor: number) => Math.round((amountMinor * 60) / 10_000);

/**
 * The sandbox provider's statement for one business day: every payment the simulator charged successfully
 * that day (ledger), in the sandbox CSV (server/recon/formats/sandbox-statement.ts), with four PLANTED
 * differences so the demo's reconciliation has something to find — in paid-time order of the day's payments:
 *   1. the 1st payment's amount is 3 fen more than charged  → amount_mismatch, small enough for the write-off rule;
 *   2. the 2nd payment is left out                           → missing_at_provider (we think paid, no line);
 *   3. the 3rd payment's fee is 20 fen above the 0.60 % rate → fee_mismatch;
 *   4. one extra payment for an order we never created (GHOST…) → missing_internal.
 * (With fewer payments that day, the plants that have no payment to act on are simply absent; 4 is always
 * there.) Refunds are not listed: the simulator's refund book keeps no dates. undefined = nothing charged that day.
 */
export function simulatorStatementLines(ledger: ReadonlyMap<string, SandboxPayment>, date: string, timeZone = "Asia/Shanghai"): StatementLineInput[] | undefined {
  const { start, end } = businessDayBounds(date, timeZone);
  const paid = [...ledger.values()]
    .filter((p) => p.status === "SUCCESS" && p.transactionId && p.paidAt && p.paidAt >= start && p.paidAt < end)
    .sort((a, b) => a.paidAt!.getTime() - b.paidAt!.getTime() || (a.orderNo < b.orderNo ? -1 : 1));
  if (paid.length === 0) return undefined;
  const lines: StatementLineInput[] = [];
  paid.forEach((p, i) => {
    if (i === 1) return; // plant 2
    const amountMinor = i === 0 ? p.amountMinor + 3 : p.amountMinor; // plant 1
    const feeMinor = sandboxFee(p.amountMinor) + (i === 2 ? 20 : 0); // plant 3
    lines.push({ kind: "payment", providerTransactionId: p.transactionId!, orderNo: p.orderNo, refundNo: null, providerRefundId: null, amountMinor, feeMinor, currency: p.currency, occurredAt: p.paidAt!, status: "SUCCESS" });
  });
  const last = paid[paid.length - 1]!;
  const ghostAt = new Date(Math.min(last.paidAt!.getTime() + 1_000, end.getTime() - 1_000));
  const ghostId = `${last.transactionId!}GHOST`;
  lines.push({ kind: "payment", providerTransactionId: ghostId, orderNo: `GHOST${date.replace(/-/g, "")}0001`, refundNo: null, providerRefundId: null, amountMinor: 4_990, feeMinor: sandboxFee(4_990), currency: "CNY", occurredAt: ghostAt, status: "SUCCESS" }); // plant 4
  return lines;
}

export function simulatorStatement(ledger: ReadonlyMap<string, SandboxPayment>, date: string, timeZone?: string): Buffer | undefined {
  const lines = simulatorStatementLines(ledger, date, timeZone);
  return lines && writeStatement("sandbox", lines, { date });
}
