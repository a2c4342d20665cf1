import "server-only";
import type { Db } from "@/db/client";
import { discrepancies } from "@/db/schema";
import { minorToMajorString } from "@/lib/money";
import { riskOf } from "@/lib/recon";
import { systemActor } from "@/server/audit/write-audit";
import { markOrderPaid } from "@/server/orders/mark-order-paid";
import { registerOrder } from "@/server/orders/register-order";

// Data reserved for e2e/reconciliation.spec.ts (no other spec or seed touches it), also visible in the demo.

/** Paid sandbox orders on a statement day no other seed covers (RECON_E2E_DAYS_AGO days back): the spec uploads their statement. */
export const RECON_E2E_DAYS_AGO = 20;
export const RECON_E2E_ORDERS = [
  { orderNo: "RECON-E2E-0001", amountMinor: 12_300, subject: "季度会员" },
  { orderNo: "RECON-E2E-0002", amountMinor: 4_990, subject: "电子书合集" },
  { orderNo: "RECON-E2E-0003", amountMinor: 12_000, subject: "健身课 10 次卡" },
] as const;

/** Paid orders whose statement line differs by a few fen (fee rounding): open HIGH amount mismatches for the bulk write-off. */
export const RECON_SMALL_ORDERS = [
  { orderNo: "RECON-SMALL-0001", amountMinor: 1_990, differenceMinor: 3, subject: "饮品券" },
  { orderNo: "RECON-SMALL-0002", amountMinor: 2_680, differenceMinor: 6, subject: "停车券" },
  { orderNo: "RECON-SMALL-0003", amountMinor: 5_500, differenceMinor: 9, subject: "洗车券" },
] as const;

/** The provider transaction id our seeded payments carry (the spec's statement lines use the same). */
export const reconE2eTransactionId = (orderNo: string) => `SBX${orderNo.replace(/-/g, "")}`;

function businessDay(at: Date, timeZone = "Asia/Shanghai"): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

async function paidOrder(db: Db, o: { orderNo: string; amountMinor: number; subject: string }, paidAt: Date) {
  const { order } = await registerOrder(db, { orderNo: o.orderNo, userId: `u-${o.orderNo.toLowerCase()}`, amountMinor: o.amountMinor, currency: "CNY", provider: "sandbox", subject: o.subject });
  if (order.status !== "CREATED") return;
  await db.transaction((tx) => markOrderPaid(tx, systemActor("demo-seed"), order, { providerTransactionId: reconE2eTransactionId(o.orderNo), paidAt, via: "notify" }));
}

/** Idempotent: orders are registered once; the discrepancies' unique key (provider, transaction, type) keeps them single. */
export async function seedDemoWorkbench(db: Db, opts: { now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const old = new Date(now.getTime() - RECON_E2E_DAYS_AGO * 86_400_000);
  for (const o of RECON_E2E_ORDERS) await paidOrder(db, o, old);

  const yesterday = new Date(now.getTime() - 86_400_000);
  for (const o of RECON_SMALL_ORDERS) await paidOrder(db, o, yesterday);
  await db
    .insert(discrepancies)
    .values(
      RECON_SMALL_ORDERS.map((o) => ({
        type: "amount_mismatch" as const,
        risk: riskOf("amount_mismatch", { differenceMinor: o.differenceMinor }),
        status: "open" as const,
        source: "statement" as const,
        provider: "sandbox" as const,
        orderNo: o.orderNo,
        providerTransactionId: reconE2eTransactionId(o.orderNo),
        expectedAmountMinor: o.amountMinor,
        actualAmountMinor: o.amountMinor - o.differenceMinor,
        differenceMinor: o.differenceMinor,
        currency: "CNY",
        businessDate: businessDay(yesterday),
        ourFacts: { orderNo: o.orderNo, amountMinor: o.amountMinor, status: "PAID" },
        providerFacts: { transactionId: reconE2eTransactionId(o.orderNo), amount: minorToMajorString(o.amountMinor - o.differenceMinor, "CNY"), status: "SUCCESS", note: "settled net of a rounding difference" },
        detectedAt: now,
      })),
    )
    .onConflictDoNothing();
}
