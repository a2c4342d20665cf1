import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, callbackEvents, jobAttempts, jobs, orders, type Order } from "@/db/schema";
import type { OrderStatus } from "@/lib/enums";
import { reason } from "@/lib/reasons";
import { systemActor } from "@/server/audit/write-audit";
import { resetEnvCache } from "@/server/env";
import { ConflictError, NotFoundError } from "@/server/lib/errors";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { closeOrder } from "./close-order";
import { flagOrderForReview } from "./flag-order-for-review";
import { getOrderDetail } from "./get-order-detail";
import { markOrderFulfilled } from "./mark-order-fulfilled";
import { markOrderPaid, markOrdersPaid } from "./mark-order-paid";
import { markOrderRefunded } from "./mark-order-refunded";
import { registerOrder } from "./register-order";
import { resendFulfilment } from "./resend-fulfilment";

// What the order verbs write besides the status (issue #6's mutation run found these unasserted): the
// columns the callback inbox's batch writes per order, the coded reasons the order page renders in the
// reader's language, and each audit row in full, the record finance and support read back. Expectations are
// written by hand from the product rules, not read from the code.

const db = useTestDb();
const actor = { ...systemActor("mutants"), requestId: "req-mutants" };

async function orderIn(status: OrderStatus, over: Partial<typeof orders.$inferInsert> = {}): Promise<Order> {
  const [o] = await db()
    .insert(orders)
    .values({ orderNo: uniqueOrderNo("M"), userId: "u", amountMinor: 1500, currency: "CNY", provider: "sandbox", status, ...over })
    .returning();
  return o!;
}
const reload = async (o: Order) => (await db().select().from(orders).where(eq(orders.id, o.id)))[0]!;
const auditsOf = async (o: Order, action: string) => db().select().from(auditLogs).where(and(eq(auditLogs.entityId, o.orderNo), eq(auditLogs.action, action)));

const paidAt = new Date("2026-11-20T08:00:00.000Z");

describe("markOrderPaid's audit row", () => {
  it("names the transaction, the time, the channel and the stored message", async () => {
    const o = await orderIn("CREATED");
    await db().transaction((tx) => markOrderPaid(tx, actor, o, { providerTransactionId: "TX-A", paidAt, via: "notify", callbackEventId: 41 }));
    const [a] = await auditsOf(o, "order.paid");
    expect(a).toMatchObject({ entityType: "order", entityId: o.orderNo, before: { status: "CREATED" } });
    expect(a!.after).toEqual({ status: "PAID", providerTransactionId: "TX-A", paidAt: paidAt.toISOString(), via: "notify", callbackEventId: 41 });
  });

  it("says callbackEventId null when the payment was learnt by a status query", async () => {
    const o = await orderIn("CREATED");
    await db().transaction((tx) => markOrderPaid(tx, actor, o, { providerTransactionId: "TX-Q", paidAt, via: "query" }));
    const [a] = await auditsOf(o, "order.paid");
    expect(a!.after).toEqual({ status: "PAID", providerTransactionId: "TX-Q", paidAt: paidAt.toISOString(), via: "query", callbackEventId: null });
  });
});

describe("markOrdersPaid (the inbox's batch)", () => {
  it("an empty batch writes nothing and returns nothing", async () => {
    expect(await db().transaction((tx) => markOrdersPaid(tx, []))).toEqual([]);
  });

  it("writes each order's own transaction id, time and channel; a stale order gets null and no audit", async () => {
    const a = await orderIn("CREATED", { needsReview: true, reviewReason: "waiting", reviewReasonCoded: { code: "order.no_payment_confirmation", params: { queries: 3 } } });
    const b = await orderIn("CREATED");
    const stale = await orderIn("CLOSED");
    const paidB = new Date("2026-11-20T09:30:00.000Z");
    const results = await db().transaction((tx) =>
      markOrdersPaid(tx, [
        { actor, order: a, input: { providerTransactionId: "TX-1", paidAt, via: "notify", callbackEventId: 1 } },
        { actor, order: stale, input: { providerTransactionId: "TX-S", paidAt, via: "notify", callbackEventId: 2 } },
        { actor, order: b, input: { providerTransactionId: "TX-2", paidAt: paidB, via: "query" } },
      ]),
    );
    expect(results[1]).toBeNull();
    expect(results[0]).toMatchObject({ id: a.id, status: "PAID", providerTransactionId: "TX-1", paidAt, paidVia: "notify", needsReview: false, reviewReason: null, reviewReasonCoded: null });
    expect(results[2]).toMatchObject({ id: b.id, status: "PAID", providerTransactionId: "TX-2", paidAt: paidB, paidVia: "query", needsReview: false });
    expect(results[0]!.updatedAt).toEqual((await reload(a)).updatedAt);

    expect(await reload(a)).toMatchObject({ status: "PAID", providerTransactionId: "TX-1", paidAt, paidVia: "notify", needsReview: false, reviewReason: null, reviewReasonCoded: null });
    expect(await reload(b)).toMatchObject({ status: "PAID", providerTransactionId: "TX-2", paidAt: paidB, paidVia: "query" });
    expect(await reload(stale)).toEqual(stale);

    const audits = await db()
      .select()
      .from(auditLogs)
      .where(and(inArray(auditLogs.entityId, [a.orderNo, b.orderNo, stale.orderNo]), eq(auditLogs.action, "order.paid")));
    expect(audits.map((r) => ({ entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after, actorLabel: r.actorLabel, requestId: r.requestId })).sort((x, y) => x.entityId.localeCompare(y.entityId))).toEqual(
      [
        {
          entityType: "order",
          entityId: a.orderNo,
          before: { status: "CREATED" },
          after: { status: "PAID", providerTransactionId: "TX-1", paidAt: paidAt.toISOString(), via: "notify", callbackEventId: 1 },
          actorLabel: "system:mutants",
          requestId: "req-mutants",
        },
        {
          entityType: "order",
          entityId: b.orderNo,
          before: { status: "CREATED" },
          after: { status: "PAID", providerTransactionId: "TX-2", paidAt: paidB.toISOString(), via: "query", callbackEventId: null },
          actorLabel: "system:mutants",
          requestId: "req-mutants",
        },
      ].sort((x, y) => x.entityId.localeCompare(y.entityId)),
    );
  });
});

describe("flagOrderForReview", () => {
  it("stores the coded reason (rendered in the reader's language) and puts it in the audit row", async () => {
    const o = await orderIn("CREATED");
    const coded = reason("order.no_payment_confirmation", { queries: 3 });
    await db().transaction((tx) => flagOrderForReview(tx, actor, o, { reason: "no confirmation", coded, detail: { jobId: 5 } }));
    expect((await reload(o)).reviewReasonCoded).toEqual(coded);
    const [a] = await auditsOf(o, "order.needs_review");
    expect(a).toMatchObject({ entityType: "order", before: { status: "CREATED", needsReview: false } });
    expect(a!.after).toEqual({ needsReview: true, reason: "no confirmation", reasonCoded: coded, jobId: 5 });
  });

  it("a new reason on an already flagged order says so in the audit's before", async () => {
    const o = await orderIn("PAID", { needsReview: true, reviewReason: "old" });
    await db().transaction((tx) => flagOrderForReview(tx, actor, o, { reason: "new" }));
    const [a] = await auditsOf(o, "order.needs_review");
    expect(a!.before).toEqual({ status: "PAID", needsReview: true });
    expect((await reload(o)).reviewReasonCoded).toBeNull();
  });
});

describe("closeOrder's coded reason", () => {
  it.each([
    [{ code: "provider_closed", providerStatus: "TRADE_CLOSED" } as const, { code: "order.provider_closed", params: { providerStatus: "TRADE_CLOSED" } }],
    [{ code: "expired_unpaid", providerAnswer: "TRADE_NOT_EXIST" } as const, { code: "order.expired_unpaid", params: { providerAnswer: "TRADE_NOT_EXIST" } }],
  ])("%o → %o", async (reason, expected) => {
    const o = await orderIn("CREATED");
    const closedAt = new Date("2026-11-21T00:00:00.000Z");
    await db().transaction((tx) => closeOrder(tx, actor, o, { reason, via: "janitor", closedAt }));
    expect(await reload(o)).toMatchObject({ status: "CLOSED", closeReasonCoded: expected, closedAt });
  });
});

describe("markOrderFulfilled", () => {
  it("keeps the given delivery time and audits the shop's answer and the job", async () => {
    const o = await orderIn("PAID");
    const fulfilledAt = new Date("2026-11-20T08:00:05.000Z");
    await db().transaction((tx) => markOrderFulfilled(tx, actor, o, { httpStatus: 202, jobId: 77, fulfilledAt }));
    expect((await reload(o)).fulfilledAt).toEqual(fulfilledAt);
    const [a] = await auditsOf(o, "order.fulfilled");
    expect(a!.after).toEqual({ status: "FULFILLED", httpStatus: 202, jobId: 77 });
  });

  it("says jobId null when no job delivered it", async () => {
    const o = await orderIn("PAID");
    await db().transaction((tx) => markOrderFulfilled(tx, actor, o, { httpStatus: 200 }));
    const [a] = await auditsOf(o, "order.fulfilled");
    expect(a!.after).toEqual({ status: "FULFILLED", httpStatus: 200, jobId: null });
  });
});

describe("markOrderRefunded's audit row", () => {
  it("records the refunded total, the paid amount and the refund", async () => {
    const o = await orderIn("FULFILLED", { amountMinor: 1000 });
    await db().transaction((tx) => markOrderRefunded(tx, actor, o, { refundedMinor: 400, refundNo: "RF-1" }));
    const [a] = await auditsOf(o, "order.partially_refunded");
    expect(a!.after).toEqual({ status: "PARTIALLY_REFUNDED", refundedMinor: 400, paidMinor: 1000, refundNo: "RF-1" });
  });
});

describe("registerOrder with the callback applier in a separate worker", () => {
  it("registers the order (no in-process applier to wake)", async () => {
    process.env.CALLBACK_APPLY_IN_PROCESS = "false";
    resetEnvCache();
    try {
      const orderNo = uniqueOrderNo("W");
      const r = await registerOrder(db(), { orderNo, userId: "u", amountMinor: 100, currency: "CNY", provider: "sandbox" });
      expect(r).toMatchObject({ created: true, order: { orderNo, status: "CREATED" } });
    } finally {
      delete process.env.CALLBACK_APPLY_IN_PROCESS;
      resetEnvCache();
    }
  });
});

describe("getOrderDetail", () => {
  it("names the order it could not find", async () => {
    await expect(getOrderDetail(db(), "NO-SUCH-ORDER")).rejects.toThrow(new NotFoundError("order NO-SUCH-ORDER not found"));
  });

  it("counts rejected messages naming an order number with an underscore (a LIKE wildcard, matched literally)", async () => {
    const o = await orderIn("CREATED", { orderNo: `U_${uniqueOrderNo("")}` });
    await db().insert(callbackEvents).values({ provider: "alipay", headers: {}, body: `out_trade_no=${o.orderNo}&sign=bad`, verification: "rejected", outcome: "rejected", rejectReason: "bad signature" });
    expect((await getOrderDetail(db(), o.orderNo)).problemMessages).toEqual({ count: 1, capped: false });
  });

  // PROBLEM_COUNT_CAP is 10,000: the page says "10,000+" only when there are more.
  it.each([
    [10_000, { count: 10_000, capped: false }],
    [10_001, { count: 10_000, capped: true }],
  ])("%i rejected messages naming the order → %o", async (n, expected) => {
    const o = await orderIn("CREATED");
    await db().execute(sql`
      insert into callback_events (provider, headers, body, verification, outcome, reject_reason)
      select 'alipay', '{}'::jsonb, 'out_trade_no=' || ${o.orderNo} || '&n=' || g, 'rejected', 'rejected', 'bad signature'
      from generate_series(1, ${n}::int) g`);
    expect((await getOrderDetail(db(), o.orderNo)).problemMessages).toEqual(expected);
  });

  it("puts each job's own attempts under it, and names the job on each attempt in the timeline", async () => {
    const o = await orderIn("PAID");
    const [fulfil, query] = await db()
      .insert(jobs)
      .values([
        { type: "order.fulfil", payload: { orderNo: o.orderNo }, maxAttempts: 3, orderNo: o.orderNo, status: "dead", attempts: 2 },
        { type: "order.status_query", payload: { orderNo: o.orderNo, step: 0 }, maxAttempts: 1, orderNo: o.orderNo, status: "succeeded", attempts: 1 },
      ])
      .returning();
    const t = (s: number) => new Date(Date.parse("2026-11-20T08:00:00Z") + s * 1000);
    await db().insert(jobAttempts).values([
      { jobId: fulfil!.id, attempt: 1, workerId: "w", startedAt: t(1), ok: false, error: "HTTP 500" },
      { jobId: fulfil!.id, attempt: 2, workerId: "w", startedAt: t(3), ok: false, error: "HTTP 502" },
      { jobId: query!.id, attempt: 1, workerId: "w", startedAt: t(2), ok: true },
    ]);
    const d = await getOrderDetail(db(), o.orderNo);
    expect(d.jobs.map((j) => [j.job.id, j.attempts.map((a) => a.attempt)])).toEqual([
      [fulfil!.id, [1, 2]],
      [query!.id, [1]],
    ]);
    expect(d.timeline.filter((i) => i.kind === "job_attempt").map((i) => (i.kind === "job_attempt" ? [i.job, i.attempt.error] : null))).toEqual([
      [{ id: fulfil!.id, type: "order.fulfil", status: "dead" }, "HTTP 500"],
      [{ id: query!.id, type: "order.status_query", status: "succeeded" }, null],
      [{ id: fulfil!.id, type: "order.fulfil", status: "dead" }, "HTTP 502"],
    ]);
  });
});

describe("resendFulfilment", () => {
  const agent = { id: "00000000-0000-4000-8000-000000000002", label: "agent@payops.local", role: "agent" as const };

  it("says why it refuses: unknown order, an order that is not PAID, a delivery still running", async () => {
    await expect(resendFulfilment(db(), agent, "NO-SUCH-ORDER")).rejects.toThrow(new NotFoundError("order not found"));
    const fulfilled = await orderIn("FULFILLED");
    await expect(resendFulfilment(db(), agent, fulfilled.orderNo)).rejects.toThrow(new ConflictError("only a paid, not yet fulfilled order can be resent (this one is FULFILLED)"));
    // A delivery being attempted right now (claimed by a worker) counts as in flight, like a queued one.
    const paid = await orderIn("PAID");
    await db().insert(jobs).values({ type: "order.fulfil", payload: { orderNo: paid.orderNo }, maxAttempts: 3, orderNo: paid.orderNo, status: "running", attempts: 1, dedupeKey: `fulfil:${paid.orderNo}` });
    await expect(resendFulfilment(db(), agent, paid.orderNo)).rejects.toThrow(new ConflictError("a fulfilment of this order is already queued"));
    expect(await db().select().from(jobs).where(eq(jobs.orderNo, paid.orderNo))).toHaveLength(1);
  });

  it("audits the resend against the order", async () => {
    const paid = await orderIn("PAID");
    await db().insert(jobs).values({ type: "order.fulfil", payload: { orderNo: paid.orderNo }, maxAttempts: 3, orderNo: paid.orderNo, status: "dead", attempts: 3, dedupeKey: `fulfil:${paid.orderNo}` });
    const { jobId } = await resendFulfilment(db(), agent, paid.orderNo);
    const [a] = await auditsOf(paid, "order.resend_fulfilment");
    expect(a).toMatchObject({ entityType: "order", entityId: paid.orderNo, actorLabel: "agent@payops.local", after: { jobId } });
  });
});
