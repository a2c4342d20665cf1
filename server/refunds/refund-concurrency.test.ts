import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, refunds } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import { ConflictError } from "@/server/lib/errors";
import { uniqueOrderNo } from "@/test/callbacks";
import { isPostgresRun, useTestDb } from "@/test/db";
import { orderRefundTotals } from "./order-refund-totals";
import { requestRefund } from "./request-refund";

// Ten requests on one order at once need ten connections: PostgreSQL only (PGlite has one connection, where
// the same invariant is the random-sequence property in refunds.test.ts).
const db = useTestDb();
const admin = (i: number): Actor => ({ id: `00000000-0000-4000-9000-${String(i).padStart(12, "0")}`, label: `admin${i}@payops.test`, role: "admin" });

describe.skipIf(!isPostgresRun())("ten concurrent refunds on one order (PostgreSQL)", () => {
  it("never reserve more than was paid: the order row lock serialises them", { timeout: 60_000 }, async () => {
    const orderNo = uniqueOrderNo("RC");
    const [order] = await db()
      .insert(orders)
      .values({ orderNo, userId: `u-${orderNo}`, amountMinor: 10_000, currency: "CNY", provider: "sandbox", status: "PAID", providerTransactionId: `T-${orderNo}`, paidAt: new Date() })
      .returning();
    // 10 × ¥30 on a ¥100 order: exactly three fit. Different admins so no one's daily use interferes.
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => requestRefund(db(), admin(i), { orderNo, kind: "refund", amountMinor: 3_000, reasonCode: "charged_twice" })));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(3);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const rows = await db().select().from(refunds).where(eq(refunds.orderNo, orderNo));
    expect(rows.reduce((s, r) => s + r.amountMinor, 0)).toBe(9_000);
    expect(await orderRefundTotals(db(), order!.id)).toEqual({ refundedMinor: 0, pendingMinor: 9_000 });
  });
});
