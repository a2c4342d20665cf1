import { beforeAll, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { searchOrders } from "./search-orders";

const getDb = useTestDb();
const base = Date.parse("2025-11-20T00:00:00Z");

beforeAll(async () => {
  // 7 orders, one minute apart; two share a created_at to exercise the keyset tie-break.
  await getDb().insert(orders).values(
    Array.from({ length: 7 }, (_, i) => ({
      orderNo: `S-${i}`,
      userId: `u-${i}`,
      userPhone: i === 3 ? "13912345678" : `1380000000${i}`,
      amountMinor: 100 + i,
      currency: "CNY",
      provider: i % 2 ? ("alipay" as const) : ("wechatpay" as const),
      status: i === 5 ? ("PAID" as const) : ("CREATED" as const),
      providerTransactionId: `TXN-${i}`,
      needsReview: i === 6,
      createdAt: new Date(base + Math.min(i, 5) * 60_000),
    })),
  );
});

describe("searchOrders", () => {
  it("finds one order by order no, provider transaction id, or phone (with separators)", async () => {
    const db = getDb();
    expect((await searchOrders(db, { q: "S-2" })).items.map((o) => o.orderNo)).toEqual(["S-2"]);
    expect((await searchOrders(db, { q: " TXN-4 " })).items.map((o) => o.orderNo)).toEqual(["S-4"]);
    expect((await searchOrders(db, { q: "139-1234 5678" })).items.map((o) => o.orderNo)).toEqual(["S-3"]);
    expect((await searchOrders(db, { q: "nothing" })).items).toEqual([]);
  });

  it("filters by status, provider and needs-review", async () => {
    const db = getDb();
    expect((await searchOrders(db, { status: "PAID" })).items.map((o) => o.orderNo)).toEqual(["S-5"]);
    expect((await searchOrders(db, { needsReview: true })).items.map((o) => o.orderNo)).toEqual(["S-6"]);
    expect((await searchOrders(db, { provider: "alipay" })).items.every((o) => o.provider === "alipay")).toBe(true);
  });

  it("pages newest first without gaps or repeats, ties included", async () => {
    const db = getDb();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchOrders(db, { limit: 2, cursor });
      seen.push(...page.items.map((o) => o.orderNo));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(2)).toEqual(["S-4", "S-3", "S-2", "S-1", "S-0"]);
    expect(seen.slice(0, 2).sort()).toEqual(["S-5", "S-6"]);
  });
});
