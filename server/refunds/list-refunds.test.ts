import { beforeAll, describe, expect, it } from "vitest";
import { orders, refunds } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { listRefunds } from "./list-refunds";

const getDb = useTestDb();
// The Shanghai business day 2026-11-20 = [11-19 16:00Z, 11-20 16:00Z).
const range = { from: new Date("2026-11-19T16:00:00Z"), to: new Date("2026-11-20T16:00:00Z") };

beforeAll(async () => {
  const db = getDb();
  const [order] = await db.insert(orders).values({ orderNo: "LR-1", userId: "u-lr", amountMinor: 10_000, currency: "CNY", provider: "alipay", status: "PAID" }).returning();
  const row = (refundNo: string, createdAt: string, status: "pending_approval" | "succeeded") => ({
    refundNo,
    orderId: order!.id,
    orderNo: "LR-1",
    provider: "alipay" as const,
    userId: "u-lr",
    kind: "refund" as const,
    amountMinor: 100,
    currency: "CNY",
    reasonCode: "charged_twice" as const,
    status,
    requestedBy: "agent-1",
    requestedByLabel: "Agent",
    createdAt: new Date(createdAt),
  });
  await db.insert(refunds).values([
    row("before", "2026-11-19T15:59:59.999Z", "pending_approval"),
    row("at-from", "2026-11-19T16:00:00.000Z", "pending_approval"),
    row("inside-done", "2026-11-20T08:00:00.000Z", "succeeded"),
    row("inside", "2026-11-20T09:00:00.000Z", "pending_approval"),
    row("at-to", "2026-11-20T16:00:00.000Z", "pending_approval"),
  ]);
});

describe("listRefunds with a window", () => {
  it("returns exactly the refunds created in [from, to): the one at from in, the one at to out", async () => {
    const r = await listRefunds(getDb(), null, { queue: "all", range });
    expect(r.items.map((x) => x.refundNo)).toEqual(["inside", "inside-done", "at-from"]);
  });

  it("composes with the approval queue and the pager", async () => {
    const first = await listRefunds(getDb(), null, { queue: "pending_approval", range, limit: 1 });
    const second = await listRefunds(getDb(), null, { queue: "pending_approval", range, limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((x) => x.refundNo)).toEqual(["inside", "at-from"]);
    expect(second.nextCursor).toBeNull();
  });
});
