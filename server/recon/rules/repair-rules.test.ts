import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLogs, discrepancies, jobs, orders, refunds, statementImports, tickets, type Discrepancy, type Order } from "@/db/schema";
import type { DiscrepancyType } from "@/lib/enums";
import { riskOf } from "@/lib/recon";
import type { Actor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { decideRefund } from "@/server/refunds/decide-refund";
import { executeRefund } from "@/server/refunds/execute-refund";
import { orderRefundTotals } from "@/server/refunds/order-refund-totals";
import { duplicateRefundNo } from "@/server/refunds/request-duplicate-refund";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { useProviders } from "@/test/provider-env";
import type { SandboxRefundRequest } from "@/server/providers/sandbox/refund-book";
import { applyRepairRules } from "./apply-repair-rules";
import { previewRepairRules } from "./preview-repair-rules";
import { envWriteOffMaxMinor, listRepairRules, updateRepairRule } from "./repair-rules";

const db = useTestDb();
const providers = useProviders();
const runner: Actor = { id: null, label: "system:recon-test" };
const finance: Actor = { id: "00000000-0000-4000-8000-00000000f1a0", label: "finance@payops.test", role: "finance" };
const approver: Actor = { id: "00000000-0000-4000-8000-0000000000ad", label: "admin@payops.test", role: "admin" };

async function order(over: Partial<typeof orders.$inferInsert> = {}): Promise<Order> {
  const orderNo = over.orderNo ?? uniqueOrderNo("RR");
  const [o] = await db()
    .insert(orders)
    .values({ orderNo, userId: `u-${orderNo}`, amountMinor: 5_000, currency: "CNY", provider: "sandbox", status: "PAID", providerTransactionId: `TX-${orderNo}`, paidAt: new Date(), ...over })
    .returning();
  return o!;
}

let txSeq = 0;
async function item(type: DiscrepancyType, o: Order | null, over: Partial<typeof discrepancies.$inferInsert> = {}): Promise<Discrepancy> {
  const differenceMinor = over.differenceMinor ?? null;
  const [d] = await db()
    .insert(discrepancies)
    .values({
      type,
      risk: riskOf(type, { differenceMinor }),
      provider: "sandbox",
      orderNo: o?.orderNo ?? null,
      providerTransactionId: `STX-${++txSeq}-${Math.random().toString(36).slice(2, 6)}`,
      currency: o?.currency ?? "CNY",
      ourFacts: {},
      providerFacts: {},
      source: "statement",
      ...over,
    })
    .returning();
  return d!;
}

const reload = async (id: number) => (await db().select().from(discrepancies).where(eq(discrepancies.id, id)))[0]!;
const orderOf = async (orderNo: string) => (await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!;
const auditsOf = (id: number) => db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "discrepancy"), eq(auditLogs.entityId, String(id)))).orderBy(auditLogs.id);

beforeEach(async () => {
  // Every test reads only its own items: start from an empty workbench and the default rules.
  await db().execute(sql`truncate tickets, refunds, discrepancies, recon_rules cascade`);
  providers.fake().setSandboxRefundMode(() => ({ status: "SUCCESS" }));
});

describe("rules and their settings", () => {
  it("three rules on by default; finance changes one, audited before/after; a senior agent may not", async () => {
    expect((await listRepairRules(db())).map((r) => [r.key, r.enabled, r.params])).toEqual([
      ["apply_payment", true, {}],
      ["refund_duplicate", true, { maxAutoRefundMinor: 10_000 }],
      ["write_off", true, { maxMinor: null }],
    ]);
    await updateRepairRule(db(), finance, "write_off", { params: { maxMinor: 5 } });
    expect((await listRepairRules(db()))[2]).toMatchObject({ key: "write_off", enabled: true, params: { maxMinor: 5 }, updatedBy: finance.label });
    const [audit] = await db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "recon_rule"), eq(auditLogs.entityId, "write_off")));
    expect(audit).toMatchObject({ action: "recon_rule.update", before: { params: { maxMinor: null } }, after: { params: { maxMinor: 5 } } });
    await expect(updateRepairRule(db(), { ...finance, role: "senior_agent" }, "write_off", { enabled: false })).rejects.toThrow(/may not/);
    await expect(updateRepairRule(db(), finance, "refund_duplicate", { params: { maxAutoRefundMinor: -1 } })).rejects.toThrow(/invalid/);
  });

  it("RECON_WRITE_OFF_MAX is read in each currency's minor units", () => {
    expect(envWriteOffMaxMinor({ RECON_WRITE_OFF_MAX: "0.10" }, "CNY")).toBe(10);
    expect(envWriteOffMaxMinor({ RECON_WRITE_OFF_MAX: "0.10" }, "JPY")).toBe(0);
    expect(envWriteOffMaxMinor({ RECON_WRITE_OFF_MAX: "0.105" }, "KWD")).toBe(105);
  });
});

describe("write_off", () => {
  it("acts at the ceiling, not one above; only on a paid order's amount, fees and refunds with both sides; preview says the same", async () => {
    const paid = await order();
    const unpaid = await order({ status: "CREATED", providerTransactionId: null, paidAt: null });
    const atEdge = await item("amount_mismatch", paid, { differenceMinor: 10, expectedAmountMinor: 5_000, actualAmountMinor: 4_990 });
    const above = await item("amount_mismatch", paid, { differenceMinor: 11, expectedAmountMinor: 5_000, actualAmountMinor: 4_989 });
    const onUnpaid = await item("amount_mismatch", unpaid, { differenceMinor: 3, expectedAmountMinor: 5_000, actualAmountMinor: 4_997 });
    const fee = await item("fee_mismatch", paid, { differenceMinor: 1 });
    const refundNoCounterpart = await item("refund_mismatch", paid, { differenceMinor: 2, expectedAmountMinor: null, actualAmountMinor: 2 });
    const waiting = await item("amount_mismatch", paid, { differenceMinor: 1, status: "waiting" });

    const preview = await previewRepairRules(db());
    expect(preview.find((p) => p.key === "write_off")).toEqual({ key: "write_off", enabled: true, items: 2, amounts: [{ currency: "CNY", amountMinor: 11 }], sample: [atEdge.id, fee.id] });
    expect(await db().select().from(auditLogs).where(eq(auditLogs.entityType, "discrepancy"))).toHaveLength(0); // the dry run wrote nothing

    const run = await applyRepairRules(db(), {}, runner);
    expect(run).toEqual({ applied: 0, refunded: 0, writtenOff: 2, ticketed: 3 });
    for (const d of [atEdge, fee]) expect(await reload(d.id)).toMatchObject({ status: "written_off", repairRule: "write_off", resolvedBy: null });
    for (const d of [above, onUnpaid, refundNoCounterpart]) expect(await reload(d.id)).toMatchObject({ status: "open", repairRule: null });
    expect((await reload(waiting.id)).status).toBe("waiting");
    const [audit] = await auditsOf(atEdge.id);
    expect(audit).toMatchObject({ actorLabel: "rule:write_off", action: "discrepancy.write_off", after: { rule: "write_off", runBy: runner.label, differenceMinor: 10 } });
    // The rest became one ticket each, to finance, with both sides and a suggested action.
    const ticketRows = await db().select().from(tickets).where(inArray(tickets.sourceRef, [above, onUnpaid, refundNoCounterpart].map((d) => `discrepancy:${d.id}`)));
    expect(ticketRows).toHaveLength(3);
    expect(ticketRows.every((t) => t.queue === "finance")).toBe(true);
    expect(ticketRows.find((t) => t.sourceRef === `discrepancy:${above.id}`)!.description).toMatch(/difference 11 above the write-off ceiling 10[\s\S]*Suggested action[\s\S]*our records: /);

    // Running again acts on nothing and opens no second ticket.
    expect(await applyRepairRules(db(), {}, runner)).toEqual({ applied: 0, refunded: 0, writtenOff: 0, ticketed: 0 });
    expect(await auditsOf(atEdge.id)).toHaveLength(1);
  });

  it("a disabled rule does nothing (its items go to a person); the rule's own ceiling replaces the env default", async () => {
    const paid = await order();
    const small = await item("amount_mismatch", paid, { differenceMinor: 5, expectedAmountMinor: 5_000, actualAmountMinor: 4_995 });
    await updateRepairRule(db(), finance, "write_off", { enabled: false });
    expect((await previewRepairRules(db())).find((p) => p.key === "write_off")).toMatchObject({ enabled: false, items: 0 });
    expect(await applyRepairRules(db(), {}, runner)).toMatchObject({ writtenOff: 0, ticketed: 1 });
    expect((await reload(small.id)).status).toBe("open");

    // The rules page's dry run of an unsaved change: shows its effect, saves nothing.
    expect((await previewRepairRules(db(), {}, { draft: { key: "write_off", enabled: true } })).find((p) => p.key === "write_off")).toMatchObject({ enabled: true, items: 1, sample: [small.id] });
    expect((await previewRepairRules(db(), {}, { draft: { key: "write_off", enabled: true, params: { maxMinor: 4 } } })).find((p) => p.key === "write_off")!.items).toBe(0);
    await expect(previewRepairRules(db(), {}, { draft: { key: "write_off", params: { maxMinor: -3 } } })).rejects.toThrow(/invalid/);
    expect((await listRepairRules(db()))[2]!.enabled).toBe(false);

    await updateRepairRule(db(), finance, "write_off", { enabled: true, params: { maxMinor: 4 } });
    expect(await applyRepairRules(db(), { discrepancyIds: [small.id] }, runner)).toMatchObject({ writtenOff: 0 });
    await updateRepairRule(db(), finance, "write_off", { params: { maxMinor: 5 } });
    expect(await applyRepairRules(db(), { discrepancyIds: [small.id] }, runner)).toMatchObject({ writtenOff: 1, ticketed: 0 });
  });

  it("scope: only the import's items, or only the selection", async () => {
    const paid = await order();
    const [a, b] = await db()
      .insert(statementImports)
      .values([1, 2].map((i) => ({ provider: "sandbox" as const, businessDate: "2026-11-25", fileName: `s${i}.csv`, fileSha256: `sha-${i}-${Math.random()}`, source: "cli" as const, actorLabel: "test" })))
      .returning({ id: statementImports.id });
    const mine = await item("fee_mismatch", paid, { differenceMinor: 1, statementImportId: a!.id });
    const other = await item("fee_mismatch", paid, { differenceMinor: 1, statementImportId: b!.id });
    expect(await applyRepairRules(db(), { importId: a!.id }, runner)).toMatchObject({ writtenOff: 1 });
    expect((await reload(other.id)).status).toBe("open");
    expect((await reload(mine.id)).status).toBe("written_off");
    expect(await applyRepairRules(db(), { discrepancyIds: [] }, runner)).toEqual({ applied: 0, refunded: 0, writtenOff: 0, ticketed: 0 });
  });
});

describe("apply_payment", () => {
  it("re-queries the provider and pays the order through the state machine, fulfilment enqueued; resolved by the rule", async () => {
    const o = await order({ status: "CREATED", providerTransactionId: null, paidAt: null });
    providers.fake().setPayment("sandbox", o.orderNo, { state: "PAID", transactionId: `TX-${o.orderNo}`, amountMinor: 5_000, currency: "CNY", paidAt: new Date() });
    const d = await item("status_mismatch", o, { providerTransactionId: `TX-${o.orderNo}`, actualAmountMinor: 5_000, differenceMinor: 5_000 });
    expect((await previewRepairRules(db())).find((p) => p.key === "apply_payment")).toMatchObject({ items: 1, amounts: [{ currency: "CNY", amountMinor: 5_000 }], sample: [d.id] });

    expect(await applyRepairRules(db(), {}, runner)).toEqual({ applied: 1, refunded: 0, writtenOff: 0, ticketed: 0 });
    expect(await orderOf(o.orderNo)).toMatchObject({ status: "PAID", providerTransactionId: `TX-${o.orderNo}`, paidVia: "query" });
    expect(await db().select().from(jobs).where(eq(jobs.dedupeKey, `fulfil:${o.orderNo}`))).toHaveLength(1);
    expect(await reload(d.id)).toMatchObject({ status: "resolved", repairRule: "apply_payment" });
    const audits = await auditsOf(d.id);
    expect(audits.map((a) => [a.actorLabel, a.action])).toEqual([["rule:apply_payment", "discrepancy.repair"]]);

    expect(await applyRepairRules(db(), {}, runner)).toEqual({ applied: 0, refunded: 0, writtenOff: 0, ticketed: 0 });
    expect(await auditsOf(d.id)).toHaveLength(1);
  });

  it("a failed provider call leaves the item open with the error on record and a ticket for ops", async () => {
    const o = await order({ status: "CREATED", providerTransactionId: null, paidAt: null });
    const d = await item("status_mismatch", o, { actualAmountMinor: 5_000 });
    providers.fake().failNext("sandbox", 1);
    expect(await applyRepairRules(db(), {}, runner)).toEqual({ applied: 0, refunded: 0, writtenOff: 0, ticketed: 1 });
    expect((await reload(d.id)).status).toBe("open");
    expect((await orderOf(o.orderNo)).status).toBe("CREATED");
    const [failed] = await auditsOf(d.id);
    expect(failed).toMatchObject({ action: "discrepancy.repair_failed", after: { rule: "apply_payment" } });
    expect(String((failed!.after as { error: string }).error)).toMatch(/provider query failed/);
    const [t] = await db().select().from(tickets).where(eq(tickets.sourceRef, `discrepancy:${d.id}`));
    expect(t).toMatchObject({ queue: "ops", type: "paid_not_updated" });
    expect(t!.description).toMatch(/rule apply_payment could not finish: provider query failed/);

    // The provider answers next time: the same item is repaired (its ticket stays as the record).
    providers.fake().setPayment("sandbox", o.orderNo, { state: "PAID", transactionId: `TX-${o.orderNo}`, amountMinor: 5_000, currency: "CNY", paidAt: new Date() });
    expect(await applyRepairRules(db(), {}, runner)).toMatchObject({ applied: 1, ticketed: 0 });
    expect((await orderOf(o.orderNo)).status).toBe("PAID");
  });

  it("a CLOSED order is never paid by the rule: ticket", async () => {
    const o = await order({ status: "CLOSED", providerTransactionId: null, paidAt: null, closedAt: new Date() });
    const d = await item("status_mismatch", o);
    expect((await previewRepairRules(db())).find((p) => p.key === "apply_payment")!.items).toBe(0);
    expect(await applyRepairRules(db(), {}, runner)).toMatchObject({ applied: 0, ticketed: 1 });
    expect((await orderOf(o.orderNo)).status).toBe("CLOSED");
    expect((await reload(d.id)).status).toBe("open");
  });
});

describe("refund_duplicate", () => {
  it("re-queries, refunds THE EXTRA transaction through the sandbox with a refund no from the item; the order stays paid", async () => {
    const o = await order({ status: "FULFILLED", fulfilledAt: new Date() });
    const extra = `TX2-${o.orderNo}`;
    providers.fake().setPayment("sandbox", o.orderNo, { state: "PAID", transactionId: extra, amountMinor: 5_000, currency: "CNY", paidAt: new Date() });
    const sent: SandboxRefundRequest[] = [];
    providers.fake().setSandboxRefundMode((req) => (sent.push(req), { status: "SUCCESS" }));
    const d = await item("duplicate_payment", o, { providerTransactionId: extra, expectedAmountMinor: 5_000, actualAmountMinor: 5_000, differenceMinor: 5_000 });
    expect((await previewRepairRules(db())).find((p) => p.key === "refund_duplicate")).toMatchObject({ items: 1, amounts: [{ currency: "CNY", amountMinor: 5_000 }] });

    expect(await applyRepairRules(db(), {}, runner)).toEqual({ applied: 0, refunded: 1, writtenOff: 0, ticketed: 0 });
    const [refund] = await db().select().from(refunds).where(eq(refunds.orderNo, o.orderNo));
    expect(refund).toMatchObject({ refundNo: duplicateRefundNo(d.id), status: "approved", providerTransactionId: extra, amountMinor: 5_000, reasonCode: "charged_twice", decidedByLabel: "rule:refund_duplicate" });
    expect(await db().select().from(jobs).where(eq(jobs.dedupeKey, `refund:${refund!.refundNo}`))).toHaveLength(1);
    expect((await reload(d.id)).status).toBe("open"); // until the money is back

    // A second run while the refund is in flight does nothing.
    expect(await applyRepairRules(db(), {}, runner)).toEqual({ applied: 0, refunded: 0, writtenOff: 0, ticketed: 0 });

    // The refund.execute job's work: the provider is asked to refund the second transaction, not the first.
    expect(await executeRefund(db(), refund!.refundNo)).toMatchObject({ status: "succeeded" });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ refundNo: duplicateRefundNo(d.id), transactionId: extra, amountMinor: 5_000 });
    expect(await reload(d.id)).toMatchObject({ status: "resolved", repairRule: "refund_duplicate" });
    expect((await reload(d.id)).resolution).toContain(refund!.refundNo);
    // The order keeps its own payment: still FULFILLED, nothing of its amount counted as refunded.
    expect((await orderOf(o.orderNo)).status).toBe("FULFILLED");
    expect(await orderRefundTotals(db(), o.id)).toEqual({ refundedMinor: 0, pendingMinor: 0 });
    const audits = await auditsOf(d.id);
    expect(audits.map((a) => [a.actorLabel, a.action, (a.after as { step?: string }).step])).toEqual([
      ["rule:refund_duplicate", "discrepancy.repair", "refund_requested"],
      ["rule:refund_duplicate", "discrepancy.repair", "refund_succeeded"],
    ]);
  });

  it("above the rule's limit the refund waits for an approver in /refunds; approved, it runs the same way", async () => {
    const o = await order();
    const extra = `TX2-${o.orderNo}`;
    providers.fake().setPayment("sandbox", o.orderNo, { state: "PAID", transactionId: `TX-${o.orderNo}`, amountMinor: 5_000, currency: "CNY", paidAt: new Date() });
    await updateRepairRule(db(), finance, "refund_duplicate", { params: { maxAutoRefundMinor: 4_999 } });
    const d = await item("duplicate_payment", o, { providerTransactionId: extra, actualAmountMinor: 5_000, differenceMinor: 5_000 });
    expect(await applyRepairRules(db(), {}, runner)).toMatchObject({ refunded: 1 });
    const [refund] = await db().select().from(refunds).where(eq(refunds.refundNo, duplicateRefundNo(d.id)));
    expect(refund).toMatchObject({ status: "pending_approval", flags: ["over_single_limit"] });
    expect(await db().select().from(jobs).where(eq(jobs.dedupeKey, `refund:${refund!.refundNo}`))).toHaveLength(0);
    await decideRefund(db(), approver, "approve", { refundNo: refund!.refundNo, reason: "second charge confirmed" });
    expect(await executeRefund(db(), refund!.refundNo)).toMatchObject({ status: "succeeded" });
    expect((await reload(d.id)).status).toBe("resolved");
    expect((await orderOf(o.orderNo)).status).toBe("PAID");
  });

  it("the provider not confirming the payment, or a refused refund, goes to a person", async () => {
    const o = await order();
    const d = await item("duplicate_payment", o, { providerTransactionId: `TX2-${o.orderNo}`, actualAmountMinor: 5_000, differenceMinor: 5_000 });
    // the sandbox holds no payment for this order
    expect(await applyRepairRules(db(), {}, runner)).toMatchObject({ refunded: 0, ticketed: 1 });
    expect(await db().select().from(refunds).where(eq(refunds.orderNo, o.orderNo))).toHaveLength(0);
    expect((await auditsOf(d.id)).map((a) => a.action)).toContain("discrepancy.repair_failed");

    const o2 = await order();
    providers.fake().setPayment("sandbox", o2.orderNo, { state: "PAID", transactionId: `TX-${o2.orderNo}`, amountMinor: 5_000, currency: "CNY", paidAt: new Date() });
    providers.fake().setSandboxRefundMode(() => ({ status: "FAILED" }));
    const d2 = await item("duplicate_payment", o2, { providerTransactionId: `TX2-${o2.orderNo}`, actualAmountMinor: 5_000, differenceMinor: 5_000 });
    expect(await applyRepairRules(db(), { discrepancyIds: [d2.id] }, runner)).toMatchObject({ refunded: 1, ticketed: 0 });
    expect(await executeRefund(db(), duplicateRefundNo(d2.id))).toMatchObject({ status: "failed" });
    expect(await applyRepairRules(db(), { discrepancyIds: [d2.id] }, runner)).toMatchObject({ refunded: 0, ticketed: 1 });
    expect((await reload(d2.id)).status).toBe("open");
    expect(await db().select().from(refunds).where(eq(refunds.orderNo, o2.orderNo))).toHaveLength(1);
  });
});

describe("everything else", () => {
  it("one ticket per item, queue by type: finance for money, ops for whether a payment happened", async () => {
    const paid = await order();
    const missingInternal = await item("missing_internal", null, { actualAmountMinor: 1_000, differenceMinor: 1_000 });
    const missingAtProvider = await item("missing_at_provider", paid, { differenceMinor: 5_000 });
    const currency = await item("currency_mismatch", paid, { currency: "USD", differenceMinor: 5_000 });
    const afterClose = await item("paid_after_close", paid, { differenceMinor: 5_000 });
    expect((await previewRepairRules(db())).every((p) => p.items === 0)).toBe(true);
    expect(await applyRepairRules(db(), {}, runner)).toEqual({ applied: 0, refunded: 0, writtenOff: 0, ticketed: 4 });
    const rows = await db().select().from(tickets);
    const queueOf = (d: Discrepancy) => rows.find((t) => t.sourceRef === `discrepancy:${d.id}`)?.queue;
    expect([queueOf(missingInternal), queueOf(missingAtProvider), queueOf(currency), queueOf(afterClose)]).toEqual(["finance", "ops", "finance", "finance"]);
    expect(rows.find((t) => t.sourceRef === `discrepancy:${missingInternal.id}`)).toMatchObject({ orderNo: null, priority: expect.any(String) });
    expect(await applyRepairRules(db(), {}, runner)).toMatchObject({ ticketed: 0 });
    expect(await db().select().from(tickets)).toHaveLength(4);
    expect(getEnv().RECON_WRITE_OFF_MAX).toBe("0.10");
  });
});
