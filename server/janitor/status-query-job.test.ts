import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PROVIDERS, type Provider } from "@/lib/enums";
import { auditLogs, callbackEvents, jobAttempts, jobs, orders } from "@/db/schema";
import { settleInbox } from "@/server/callbacks/inbox-applier";
import { receiveCallback } from "@/server/callbacks/receive-callback";
import { headersOf } from "@/server/lib/http";
import { getProviderAdapter } from "@/server/providers";
import { registerOrder } from "@/server/orders/register-order";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { runJanitor as runJanitorFor } from "@/test/janitor";
import { useProviders } from "@/test/provider-env";
import { fakeTransactionId, signProviderCallback } from "@/test/provider-signers";
import { queryOrderNow } from "./query-order-now";
import { statusQueryJob } from "./status-query-job";

const db = useTestDb();
// Test env: first query right away (JANITOR_AFTER=0ms), then two more steps (JANITOR_SCHEDULE=10ms,20ms).
const { keys, fake } = useProviders();

const runJanitor = (orderNo: string) => runJanitorFor(db(), orderNo, "janitor-test");

const currencyOf = (p: Provider) => (p === "stripe" ? "USD" : "CNY");
async function order(provider: Provider, over: { expiresAt?: string } = {}) {
  const orderNo = uniqueOrderNo("J");
  await registerOrder(db(), { orderNo, userId: "u", amountMinor: 2990, currency: currencyOf(provider), provider, ...over });
  return orderNo;
}
const load = async (orderNo: string) => (await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!;

describe.each(PROVIDERS)("janitor (%s)", (provider) => {
  it("finds a payment whose callback never came, applies it like a callback, and a late callback is a duplicate", async () => {
    const orderNo = await order(provider);
    const transactionId = fakeTransactionId(provider, Math.floor(Math.random() * 1e9));
    fake().setPayment(provider, orderNo, { state: "PAID", transactionId, amountMinor: 2990, currency: currencyOf(provider), paidAt: new Date(Date.now() - 60_000) });
    await runJanitor(orderNo);
    expect(await load(orderNo)).toMatchObject({ status: "PAID", paidVia: "query", providerTransactionId: transactionId });
    const [q] = await db().select().from(callbackEvents).where(and(eq(callbackEvents.orderNo, orderNo), eq(callbackEvents.source, "query")));
    expect(q).toMatchObject({ outcome: "applied", verification: "verified" });

    const late = signProviderCallback(provider, keys(), { orderNo, transactionId, amountMinor: 2990, currency: currencyOf(provider), state: "PAID", eventId: `late-${orderNo}`, at: new Date() });
    // The HTTP route is covered beside it (app/api/callbacks/[provider]); here the late message goes through the same intake.
    const reply = await receiveCallback(db(), getProviderAdapter(provider)!, { headers: headersOf(new Request("http://t/", { headers: late.headers })), body: late.body });
    expect(reply.status).toBeLessThan(300);
    // Callbacks are acknowledged once stored and applied asynchronously: wait for the applier.
    await settleInbox(db());
    const [n] = await db().select().from(callbackEvents).where(and(eq(callbackEvents.orderNo, orderNo), eq(callbackEvents.source, "notify")));
    expect(n!.outcome).toBe("duplicate");
  });
});

describe("janitor schedule and terminal rules (sandbox)", () => {
  it("queries on every step of the schedule, then flags the order for review", async () => {
    const orderNo = await order("sandbox");
    await runJanitor(orderNo);
    const o = await load(orderNo);
    expect(o).toMatchObject({ status: "CREATED", needsReview: true });
    expect(o.reviewReason).toMatch(/after 3 status queries/);
    const queried = fake().requests.filter((r) => r.provider === "sandbox" && r.url.includes(orderNo));
    expect(queried).toHaveLength(3);
  });

  it("closes an expired order the provider never charged", async () => {
    const orderNo = await order("sandbox", { expiresAt: new Date(Date.now() - 1000).toISOString() });
    await runJanitor(orderNo);
    expect(await load(orderNo)).toMatchObject({ status: "CLOSED", closeReason: "expired; provider reports no payment" });
  });

  it("closes the order when the provider says it is closed", async () => {
    const orderNo = await order("sandbox");
    fake().setPayment("sandbox", orderNo, { state: "CLOSED", transactionId: "SBXC1", amountMinor: 2990, currency: "CNY", paidAt: null });
    await runJanitor(orderNo);
    expect((await load(orderNo)).status).toBe("CLOSED");
  });

  it("a failed query fails its step visibly but the schedule goes on", async () => {
    const orderNo = await order("sandbox");
    fake().setPayment("sandbox", orderNo, { state: "PAID", transactionId: "SBXF1", amountMinor: 2990, currency: "CNY", paidAt: new Date() });
    fake().failNext("sandbox", 1);
    await runJanitor(orderNo);
    expect((await load(orderNo)).status).toBe("PAID");
    const steps = await db().select().from(jobs).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, statusQueryJob.type)));
    expect(steps.map((s) => s.status).sort()).toEqual(["dead", "succeeded"]);
    const [failed] = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, steps.find((s) => s.status === "dead")!.id));
    expect(failed!.error).toMatch(/status query failed/);
  });

  it("never pays on a query answer with the wrong amount", async () => {
    const orderNo = await order("sandbox");
    fake().setPayment("sandbox", orderNo, { state: "PAID", transactionId: "SBXW1", amountMinor: 1, currency: "CNY", paidAt: new Date() });
    await runJanitor(orderNo);
    expect((await load(orderNo)).status).toBe("CREATED");
  });
});

describe("queryOrderNow", () => {
  it("queries on demand, applies the answer and audits who asked", async () => {
    const orderNo = await order("sandbox");
    fake().setPayment("sandbox", orderNo, { state: "PAID", transactionId: "SBXN1", amountMinor: 2990, currency: "CNY", paidAt: new Date() });
    const actor = { id: "00000000-0000-4000-8000-000000000001", label: "agent@payops.local", role: "agent" as const };
    const r = await queryOrderNow(db(), actor, orderNo);
    expect(r.result).toBe("applied");
    expect(r.order.status).toBe("PAID");
    const audit = await db().select().from(auditLogs).where(and(eq(auditLogs.entityId, orderNo), eq(auditLogs.action, "order.query_now")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorLabel).toBe("agent@payops.local");
  });

  it("reports a provider outage instead of failing", async () => {
    const orderNo = await order("sandbox");
    fake().failNext("sandbox", 1);
    const r = await queryOrderNow(db(), { id: null, label: "t" }, orderNo);
    expect(r.result).toBe("error");
    expect(r.order.status).toBe("CREATED");
  });

  it("refuses an unknown order", async () => {
    await expect(queryOrderNow(db(), { id: null, label: "t" }, "NOPE")).rejects.toThrow(/not found/);
  });
});
