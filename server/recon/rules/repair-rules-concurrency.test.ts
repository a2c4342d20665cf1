import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, discrepancies, orders, refunds, tickets, type Order } from "@/db/schema";
import type { DiscrepancyType } from "@/lib/enums";
import { riskOf } from "@/lib/recon";
import { uniqueOrderNo } from "@/test/callbacks";
import { isPostgresRun, useTestDb } from "@/test/db";
import { useProviders } from "@/test/provider-env";
import { applyRepairRules } from "./apply-repair-rules";

// Two runs at once (an import's run and someone's "run rules now") need two connections: PostgreSQL only.
// PGlite has one connection; there the same guarantee is "running twice acts once" (repair-rules.test.ts).
const db = useTestDb();
const providers = useProviders();

async function order(over: Partial<typeof orders.$inferInsert> = {}): Promise<Order> {
  const orderNo = uniqueOrderNo("CC");
  const [o] = await db()
    .insert(orders)
    .values({ orderNo, userId: `u-${orderNo}`, amountMinor: 3_000, currency: "CNY", provider: "sandbox", status: "PAID", providerTransactionId: `TX-${orderNo}`, paidAt: new Date(), ...over })
    .returning();
  return o!;
}

async function item(type: DiscrepancyType, o: Order, over: Partial<typeof discrepancies.$inferInsert> = {}) {
  const [d] = await db()
    .insert(discrepancies)
    .values({ type, risk: riskOf(type, {}), provider: "sandbox", orderNo: o.orderNo, providerTransactionId: `C-${type}-${o.orderNo}`, currency: "CNY", ourFacts: {}, providerFacts: {}, source: "statement", ...over })
    .returning();
  return d!;
}

describe.skipIf(!isPostgresRun())("two concurrent rule runs (PostgreSQL)", () => {
  it("act on each item once: one write-off, one payment, one refund, one ticket", { timeout: 60_000 }, async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await item("fee_mismatch", await order(), { differenceMinor: 1 })).id);
    const unpaid = await Promise.all([1, 2, 3].map(() => order({ status: "CREATED", providerTransactionId: null, paidAt: null })));
    for (const o of unpaid) {
      providers.fake().setPayment("sandbox", o.orderNo, { state: "PAID", transactionId: `TX-${o.orderNo}`, amountMinor: 3_000, currency: "CNY", paidAt: new Date() });
      ids.push((await item("status_mismatch", o, { providerTransactionId: `TX-${o.orderNo}`, actualAmountMinor: 3_000 })).id);
    }
    const dupOrders = await Promise.all([1, 2].map(() => order()));
    for (const o of dupOrders) {
      providers.fake().setPayment("sandbox", o.orderNo, { state: "PAID", transactionId: `TX-${o.orderNo}`, amountMinor: 3_000, currency: "CNY", paidAt: new Date() });
      ids.push((await item("duplicate_payment", o, { providerTransactionId: `TX2-${o.orderNo}`, actualAmountMinor: 3_000, differenceMinor: 3_000 })).id);
    }
    const ticketItem = await item("missing_at_provider", await order(), { differenceMinor: 3_000 });
    ids.push(ticketItem.id);

    const runs = await Promise.all([1, 2].map((i) => applyRepairRules(db(), { discrepancyIds: ids }, { id: null, label: `system:run-${i}` })));
    const sum = (k: keyof (typeof runs)[number]) => runs[0]![k] + runs[1]![k];
    expect({ applied: sum("applied"), refunded: sum("refunded"), writtenOff: sum("writtenOff"), ticketed: sum("ticketed") }).toEqual({ applied: 3, refunded: 2, writtenOff: 6, ticketed: 1 });

    const closes = await db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "discrepancy"), inArray(auditLogs.entityId, ids.map(String)), inArray(auditLogs.action, ["discrepancy.write_off", "discrepancy.repair"])));
    const perItem = new Map<string, number>();
    for (const a of closes) perItem.set(a.entityId, (perItem.get(a.entityId) ?? 0) + 1);
    expect([...perItem.values()].every((n) => n === 1)).toBe(true);
    expect(perItem.size).toBe(6 + 3 + 2);
    const paidAudits = await db().select().from(auditLogs).where(and(eq(auditLogs.action, "order.paid"), inArray(auditLogs.entityId, unpaid.map((o) => o.orderNo))));
    expect(paidAudits).toHaveLength(3);
    expect(await db().select().from(refunds).where(inArray(refunds.orderNo, dupOrders.map((o) => o.orderNo)))).toHaveLength(2);
    expect(await db().select().from(tickets).where(eq(tickets.sourceRef, `discrepancy:${ticketItem.id}`))).toHaveLength(1);
  });
});
