import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { callbackEvents, orders, refunds } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { createCaller } from "../root";

// The KPI drill-down's window through the routers of the orders, callbacks and refunds lists (issue 12): the
// `range` input reaches the query (a row at `from` in, one at `to` out) and a reversed window is refused.
// The boundary and filter combinations are tested per list beside each list function.
const getDb = useTestDb();
const admin = () => createCaller({ user: { id: randomUUID(), email: "admin@drill.test", name: "admin", role: "admin", locale: null }, requestId: "drill" });
const range = { from: new Date("2031-05-01T16:00:00.000Z"), to: new Date("2031-05-02T16:00:00.000Z") };
const reversed = { from: range.to, to: range.from };

beforeAll(async () => {
  const db = getDb();
  const stamps = { in: range.from, out: range.to };
  const made = await db
    .insert(orders)
    .values(Object.entries(stamps).map(([name, at]) => ({ orderNo: `DRILL-${name}`, userId: "u-drill", amountMinor: 500, currency: "CNY", provider: "alipay" as const, status: "PAID" as const, createdAt: at })))
    .returning();
  await db.insert(callbackEvents).values(Object.entries(stamps).map(([name, at]) => ({ provider: "alipay" as const, headers: {}, body: "{}", outcome: "rejected" as const, receivedAt: at, orderNo: `DRILL-${name}` })));
  await db.insert(refunds).values(
    made.map((o) => ({
      refundNo: `R-${o.orderNo}`,
      orderId: o.id,
      orderNo: o.orderNo,
      provider: "alipay" as const,
      userId: "u-drill",
      kind: "refund" as const,
      amountMinor: 100,
      currency: "CNY",
      reasonCode: "other" as const,
      status: "pending_approval" as const,
      requestedBy: "agent",
      requestedByLabel: "Agent",
      createdAt: o.createdAt,
    })),
  );
});

describe("list routers take the drill-down window", () => {
  it("order.search", async () => {
    expect((await admin().order.search({ range })).items.map((o) => o.orderNo)).toEqual(["DRILL-in"]);
    await expect(admin().order.search({ range: reversed })).rejects.toBeInstanceOf(TRPCError);
  });

  it("callback.list", async () => {
    expect((await admin().callback.list({ range })).items.map((c) => c.orderNo)).toEqual(["DRILL-in"]);
    await expect(admin().callback.list({ range: reversed })).rejects.toBeInstanceOf(TRPCError);
  });

  it("refund.list", async () => {
    expect((await admin().refund.list({ queue: "all", range })).items.map((r) => r.refundNo)).toEqual(["R-DRILL-in"]);
    await expect(admin().refund.list({ queue: "all", range: reversed })).rejects.toBeInstanceOf(TRPCError);
  });
});
