import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/route";
import { POST as createOrderRoute } from "@/app/api/v1/orders/route";
import { openDb, setDbHandle } from "@/db/client";
import { auditLogs, callbackEvents, discrepancies, jobs, orders } from "@/db/schema";
import { merchantRequest, postCallback, sandboxPayload, sandboxRequest, uniqueOrderNo } from "@/test/callbacks";
import { settleInbox } from "@/server/callbacks/inbox-applier";
import { useTestDb } from "@/test/db";

const db = useTestDb();

// Callbacks are acknowledged once stored and applied asynchronously: wait for the applier before looking.
async function postAndApply(provider: string, req: Request): Promise<Response> {
  const res = await postCallback(callbackRoute, provider, req);
  await settleInbox(db());
  return res;
}

async function newOrder(over: Record<string, unknown> = {}) {
  const orderNo = uniqueOrderNo();
  const res = await createOrderRoute(
    merchantRequest("POST", "/api/v1/orders", { orderNo, userId: "u1", userPhone: "13800001234", amountMinor: 1999, currency: "CNY", provider: "sandbox", ...over }),
  );
  expect(res.status).toBe(201);
  return orderNo;
}

const orderOf = async (orderNo: string) => (await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!;
const eventsOf = (orderNo: string) => db().select().from(callbackEvents).where(eq(callbackEvents.orderNo, orderNo));
const fulfilJobsOf = (orderNo: string) => db().select().from(jobs).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, "order.fulfil")));

describe("POST /api/callbacks/sandbox", () => {
  it("marks the order paid once, enqueues one fulfilment and records the delay", async () => {
    const orderNo = await newOrder();
    const res = await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo })));
    expect(res.status).toBe(200);
    const order = await orderOf(orderNo);
    expect(order.status).toBe("PAID");
    expect(order.providerTransactionId).toBe(`TX-${orderNo}`);
    expect(order.paidVia).toBe("notify");
    expect(await fulfilJobsOf(orderNo)).toHaveLength(1);
    const [event] = await eventsOf(orderNo);
    expect(event).toMatchObject({ verification: "verified", outcome: "applied", source: "notify", amountMinor: 1999 });
    expect(event!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(event!.body).toContain(orderNo);
  });

  it("applies 50 concurrent copies of one notification exactly once", async () => {
    const orderNo = await newOrder();
    const payload = sandboxPayload({ orderNo });
    const responses = await Promise.all(Array.from({ length: 50 }, () => postCallback(callbackRoute, "sandbox", sandboxRequest(payload))));
    await settleInbox(db());
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const events = await eventsOf(orderNo);
    expect(events).toHaveLength(50);
    expect(events.filter((e) => e.outcome === "applied")).toHaveLength(1);
    expect(events.filter((e) => e.outcome === "duplicate")).toHaveLength(49);
    const transitions = await db()
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.entityId, orderNo), eq(auditLogs.action, "order.paid")));
    expect(transitions).toHaveLength(1);
    expect(await fulfilJobsOf(orderNo)).toHaveLength(1);
  });

  it("treats a resend with a new event id but the same transaction and status as a duplicate", async () => {
    const orderNo = await newOrder();
    await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo, eventId: "a" })));
    const res = await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo, eventId: "b" })));
    expect(res.status).toBe(200);
    expect((await eventsOf(orderNo)).map((e) => e.outcome).sort()).toEqual(["applied", "duplicate"]);
  });

  it("never pays an order on an amount mismatch; records a high-risk discrepancy and acknowledges", async () => {
    const orderNo = await newOrder();
    const res = await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo, amountMinor: 1 })));
    expect(res.status).toBe(200);
    expect((await orderOf(orderNo)).status).toBe("CREATED");
    const [d] = await db().select().from(discrepancies).where(eq(discrepancies.orderNo, orderNo));
    expect(d).toMatchObject({ type: "amount_mismatch", risk: "high", status: "open", expectedAmountMinor: 1999, actualAmountMinor: 1 });
    expect(await fulfilJobsOf(orderNo)).toHaveLength(0);
    // Stored as a code with both amounts as money (rendered in the reader's language), beside the English text.
    const amounts = { paid: { amountMinor: 1, currency: "CNY" }, expected: { amountMinor: 1999, currency: "CNY" } };
    expect(d!.detailCoded).toEqual({ code: "discrepancy.amount_mismatch", params: amounts });
    const [e] = await eventsOf(orderNo);
    expect(e).toMatchObject({ outcome: "discrepancy", outcomeDetail: "paid 1, order is 1999 (minor units)" });
    expect(e!.outcomeDetailCoded).toEqual({ code: "discrepancy.amount_mismatch", params: amounts });
  });

  it("records a currency mismatch without paying", async () => {
    const orderNo = await newOrder();
    await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo, currency: "USD" })));
    expect((await orderOf(orderNo)).status).toBe("CREATED");
    const [d] = await db().select().from(discrepancies).where(eq(discrepancies.orderNo, orderNo));
    expect(d?.type).toBe("currency_mismatch");
  });

  it("records a payment for a closed order as paid_after_close", async () => {
    const orderNo = await newOrder();
    await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo, status: "CLOSED", transactionId: "close-1" })));
    expect((await orderOf(orderNo)).status).toBe("CLOSED");
    const res = await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo })));
    expect(res.status).toBe(200);
    expect((await orderOf(orderNo)).status).toBe("CLOSED");
    const [d] = await db().select().from(discrepancies).where(eq(discrepancies.orderNo, orderNo));
    expect(d).toMatchObject({ type: "paid_after_close", risk: "high" });
  });

  it("records a second, different transaction for a paid order as a duplicate payment", async () => {
    const orderNo = await newOrder();
    await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo, transactionId: "T-1" })));
    await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo, transactionId: "T-2" })));
    const order = await orderOf(orderNo);
    expect(order).toMatchObject({ status: "PAID", providerTransactionId: "T-1" });
    const [d] = await db().select().from(discrepancies).where(eq(discrepancies.orderNo, orderNo));
    expect(d).toMatchObject({ type: "duplicate_payment", providerTransactionId: "T-2" });
    expect(await fulfilJobsOf(orderNo)).toHaveLength(1);
  });

  it("acknowledges a callback for an unknown order, keeps it waiting, and applies it when the order is registered", async () => {
    const orderNo = uniqueOrderNo("LATE");
    const payload = sandboxPayload({ orderNo });
    const first = await postAndApply("sandbox", sandboxRequest(payload));
    // Stored and verified: the provider may stop resending; applying it is now our job.
    expect(first.status).toBe(200);
    expect((await eventsOf(orderNo)).map((e) => e.outcome)).toEqual(["unknown_order"]);
    expect((await eventsOf(orderNo))[0]!.outcomeDetailCoded).toEqual({ code: "outcome.unknown_order", params: { orderNo } });
    const res = await createOrderRoute(merchantRequest("POST", "/api/v1/orders", { orderNo, userId: "u", amountMinor: 1999, provider: "sandbox" }));
    expect(res.status).toBe(201);
    await settleInbox(db());
    expect((await orderOf(orderNo)).status).toBe("PAID");
    expect((await eventsOf(orderNo)).map((e) => e.outcome)).toEqual(["applied"]);
    expect((await eventsOf(orderNo))[0]!.outcomeDetailCoded).toMatchObject({ code: "outcome.applied_paid" });
    expect(await fulfilJobsOf(orderNo)).toHaveLength(1);
    // The provider's own retry afterwards is a duplicate.
    const retry = await postAndApply("sandbox", sandboxRequest(payload));
    expect(retry.status).toBe(200);
    expect((await eventsOf(orderNo)).map((e) => e.outcome).sort()).toEqual(["applied", "duplicate"]);
  });

  it("rejects a bad signature, stores it as rejected with the reason and changes nothing", async () => {
    const orderNo = await newOrder();
    const res = await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo }), { secret: "not-the-secret" }));
    expect(res.status).toBe(401);
    expect((await orderOf(orderNo)).status).toBe("CREATED");
    const rows = await db().select().from(callbackEvents).where(sql`${callbackEvents.body} like ${"%" + orderNo + "%"}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verification: "rejected", outcome: "rejected" });
    expect(rows[0]!.rejectReason).toMatch(/signature/i);
    expect(rows[0]!.rejectReasonCoded).toEqual({ code: "callback.signature_mismatch" });
  });

  it("rejects a stale timestamp", async () => {
    const orderNo = await newOrder();
    const res = await postAndApply("sandbox", sandboxRequest(sandboxPayload({ orderNo }), { t: Math.floor(Date.now() / 1000) - 301 }));
    expect(res.status).toBe(401);
    expect((await orderOf(orderNo)).status).toBe("CREATED");
  });

  it("answers 400 to a malformed body and 413 to a body over 1 MiB, storing both", async () => {
    const before = (await db().select({ n: sql<number>`count(*)::int` }).from(callbackEvents))[0]!.n;
    const malformed = await postAndApply("sandbox", sandboxRequest(null, { body: "{not json" }));
    expect(malformed.status).toBe(400);
    const big = await postAndApply("sandbox", sandboxRequest(null, { body: JSON.stringify({ pad: "x".repeat(1024 * 1024) }) }));
    expect(big.status).toBe(413);
    const after = (await db().select({ n: sql<number>`count(*)::int` }).from(callbackEvents))[0]!.n;
    expect(after - before).toBe(2);
    const stored = await db().select().from(callbackEvents).orderBy(sql`${callbackEvents.id} desc`).limit(2);
    expect(stored.map((r) => r.rejectReasonCoded?.code)).toEqual(["callback.body_too_large", "callback.malformed"]);
  });

  it("answers 404 for an unknown provider", async () => {
    const res = await postCallback(callbackRoute, "paypal", sandboxRequest(sandboxPayload({ orderNo: "X" })));
    expect(res.status).toBe(404);
  });

  // Opening a fresh PGlite takes a while on a loaded machine.
  it("asks the provider to retry when the database is down", { timeout: 120_000 }, async () => {
    const dead = await openDb({ driver: "pglite", migrate: false });
    await dead.close();
    setDbHandle(dead);
    try {
      const res = await postCallback(callbackRoute, "sandbox", sandboxRequest(sandboxPayload({ orderNo: "ANY" })));
      expect(res.status).toBe(503);
    } finally {
      // useTestDb's handle back for the remaining tests
      const { setDbHandle: set } = await import("@/db/client");
      set({ db: db(), driver: "pglite", close: async () => undefined });
    }
  });
});
