import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, orders, type Order } from "@/db/schema";
import type { OrderStatus } from "@/lib/enums";
import { systemActor } from "@/server/audit/write-audit";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { closeOrder } from "./close-order";
import { flagOrderForReview } from "./flag-order-for-review";
import { markOrderFulfilled } from "./mark-order-fulfilled";
import { markOrderPaid } from "./mark-order-paid";

const db = useTestDb();
const actor = { ...systemActor("transition-test"), requestId: "req-transitions" };
const STATUSES: OrderStatus[] = ["CREATED", "PAID", "FULFILLED", "CLOSED"];

/** An order inserted directly in the given status (a fixture, not a transition). */
async function orderIn(status: OrderStatus, over: Partial<typeof orders.$inferInsert> = {}): Promise<Order> {
  const [o] = await db()
    .insert(orders)
    .values({ orderNo: uniqueOrderNo("X"), userId: "u", amountMinor: 1500, currency: "CNY", provider: "sandbox", status, ...over })
    .returning();
  return o!;
}
const reload = async (o: Order) => (await db().select().from(orders).where(eq(orders.id, o.id)))[0]!;
const auditsOf = async (o: Order, action: string) => db().select().from(auditLogs).where(and(eq(auditLogs.entityId, o.orderNo), eq(auditLogs.action, action)));

interface Case {
  name: string;
  action: string;
  to: OrderStatus;
  /** Written by hand from the product rules (README: CREATED → PAID → FULFILLED, CREATED → CLOSED), not read from state-machine.ts. */
  allowedFrom: OrderStatus[];
  run: (tx: Parameters<typeof markOrderPaid>[0], o: Order) => Promise<Order | null>;
  check: (after: Order) => void;
}

const paidAt = new Date("2026-11-20T08:00:00Z");
const CASES: Case[] = [
  {
    name: "markOrderPaid",
    action: "order.paid",
    to: "PAID",
    allowedFrom: ["CREATED"],
    run: (tx, o) => markOrderPaid(tx, actor, o, { providerTransactionId: "TX-1", paidAt, via: "notify", callbackEventId: 7 }),
    check: (a) => expect(a).toMatchObject({ providerTransactionId: "TX-1", paidAt, paidVia: "notify", needsReview: false, reviewReason: null }),
  },
  {
    name: "markOrderFulfilled",
    action: "order.fulfilled",
    to: "FULFILLED",
    allowedFrom: ["PAID"],
    run: (tx, o) => markOrderFulfilled(tx, actor, o, { httpStatus: 204, jobId: 3 }),
    check: (a) => expect(a.fulfilledAt).toBeInstanceOf(Date),
  },
  {
    name: "closeOrder",
    action: "order.closed",
    to: "CLOSED",
    allowedFrom: ["CREATED"],
    run: (tx, o) => closeOrder(tx, actor, o, { reason: { code: "expired_unpaid", providerAnswer: "no such trade" }, via: "janitor" }),
    check: (a) => expect(a).toMatchObject({ closeReason: "expired; provider reports no payment", closedAt: expect.any(Date) }),
  },
];

describe.each(CASES)("$name", (c) => {
  it.each(STATUSES)(`from %s: applies only from ${c.allowedFrom.join(", ")}`, async (from) => {
    const o = await orderIn(from);
    const r = await db().transaction((tx) => c.run(tx, o));
    const after = await reload(o);
    const audits = await auditsOf(o, c.action);
    if (c.allowedFrom.includes(from)) {
      expect(r).toMatchObject({ id: o.id, status: c.to });
      expect(after.status).toBe(c.to);
      c.check(after);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorLabel: "system:transition-test", requestId: "req-transitions", entityType: "order", before: { status: from }, after: expect.objectContaining({ status: c.to }) });
    } else {
      expect(r).toBeNull();
      expect(after).toEqual(o);
      expect(audits).toHaveLength(0);
    }
  });

  it("writes its audit row in the caller's transaction: rolled back together", async () => {
    const o = await orderIn(c.allowedFrom[0]!);
    await expect(
      db().transaction(async (tx) => {
        expect(await c.run(tx, o)).not.toBeNull();
        expect(await tx.select().from(auditLogs).where(and(eq(auditLogs.entityId, o.orderNo), eq(auditLogs.action, c.action)))).toHaveLength(1);
        throw new Error("caller fails after the transition");
      }),
    ).rejects.toThrow(/caller fails/);
    expect((await reload(o)).status).toBe(c.allowedFrom[0]);
    expect(await auditsOf(o, c.action)).toHaveLength(0);
  });

  it("applies once: a second call with the same (now stale) order is refused", async () => {
    const o = await orderIn(c.allowedFrom[0]!);
    expect(await db().transaction((tx) => c.run(tx, o))).not.toBeNull();
    expect(await db().transaction((tx) => c.run(tx, o))).toBeNull();
    expect(await auditsOf(o, c.action)).toHaveLength(1);
  });
});

describe("markOrderPaid", () => {
  it("clears a review flag raised while the order waited", async () => {
    const o = await orderIn("CREATED", { needsReview: true, reviewReason: "no payment confirmation after 3 status queries" });
    await db().transaction((tx) => markOrderPaid(tx, actor, o, { providerTransactionId: "TX-2", paidAt, via: "query" }));
    expect(await reload(o)).toMatchObject({ status: "PAID", needsReview: false, reviewReason: null, paidVia: "query" });
  });
});

describe("closeOrder", () => {
  it("keeps the provider's word as the reason, with code and params in the audit", async () => {
    const o = await orderIn("CREATED");
    await db().transaction((tx) => closeOrder(tx, actor, o, { reason: { code: "provider_closed", providerStatus: "TRADE_CLOSED" }, via: "notify" }));
    expect((await reload(o)).closeReason).toBe("provider: TRADE_CLOSED");
    const [a] = await auditsOf(o, "order.closed");
    expect(a!.after).toEqual({ status: "CLOSED", reason: "provider: TRADE_CLOSED", code: "provider_closed", params: { providerStatus: "TRADE_CLOSED" }, via: "notify" });
  });
});

describe("flagOrderForReview", () => {
  // Hand-written: the flag is not a status change, so every status may be flagged, as long as the order
  // is still in the status the caller read.
  it.each(STATUSES)("flags an order read as %s while it is still %s", async (status) => {
    const o = await orderIn(status);
    const r = await db().transaction((tx) => flagOrderForReview(tx, actor, o, { reason: "look at me", detail: { jobId: 9 } }));
    expect(r).toMatchObject({ status, needsReview: true, reviewReason: "look at me" });
    const audits = await auditsOf(o, "order.needs_review");
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toEqual({ needsReview: true, reason: "look at me", jobId: 9 });
  });

  it.each(
    // [status the caller read, status the order is in by the time of the write]
    [
      ["CREATED", "PAID"],
      ["CREATED", "CLOSED"],
      ["PAID", "FULFILLED"],
    ] as const,
  )("refuses an order read as %s that has become %s", async (read, now) => {
    const o = await orderIn(now);
    const stale = { ...o, status: read };
    expect(await db().transaction((tx) => flagOrderForReview(tx, actor, stale, { reason: "stale" }))).toBeNull();
    expect(await reload(o)).toMatchObject({ status: now, needsReview: false, reviewReason: null });
    expect(await auditsOf(o, "order.needs_review")).toHaveLength(0);
  });

  it("does not flag twice for the same reason, but records a new reason", async () => {
    const o = await orderIn("PAID");
    expect(await db().transaction((tx) => flagOrderForReview(tx, actor, o, { reason: "first" }))).not.toBeNull();
    expect(await db().transaction((tx) => flagOrderForReview(tx, actor, o, { reason: "first" }))).toBeNull();
    expect(await db().transaction((tx) => flagOrderForReview(tx, actor, o, { reason: "second" }))).toMatchObject({ reviewReason: "second" });
    expect(await auditsOf(o, "order.needs_review")).toHaveLength(2);
  });

  it("flags an order whose review flag is set without a reason", async () => {
    const o = await orderIn("CREATED", { needsReview: true, reviewReason: null });
    expect(await db().transaction((tx) => flagOrderForReview(tx, actor, o, { reason: "now with a reason" }))).toMatchObject({ reviewReason: "now with a reason" });
  });

  it("writes its audit row in the caller's transaction: rolled back together", async () => {
    const o = await orderIn("CREATED");
    await expect(
      db().transaction(async (tx) => {
        await flagOrderForReview(tx, actor, o, { reason: "rolled back" });
        throw new Error("caller fails");
      }),
    ).rejects.toThrow(/caller fails/);
    expect(await reload(o)).toMatchObject({ needsReview: false });
    expect(await auditsOf(o, "order.needs_review")).toHaveLength(0);
  });
});
