import { beforeAll, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { searchOrders } from "./search-orders";

const getDb = useTestDb();
// The window of the KPI drill-down: the Shanghai business day 2026-11-20 = [11-19 16:00Z, 11-20 16:00Z).
const range = { from: new Date("2026-11-19T16:00:00Z"), to: new Date("2026-11-20T16:00:00Z") };

beforeAll(async () => {
  const row = (orderNo: string, createdAt: string, provider: "alipay" | "wechatpay") => ({
    orderNo,
    userId: `u-${orderNo}`,
    amountMinor: 100,
    currency: "CNY",
    provider,
    status: "CREATED" as const,
    createdAt: new Date(createdAt),
  });
  await getDb()
    .insert(orders)
    .values([
      row("R-before", "2026-11-19T15:59:59.999Z", "alipay"),
      row("R-at-from", "2026-11-19T16:00:00.000Z", "alipay"),
      row("R-inside-wx", "2026-11-20T03:00:00.000Z", "wechatpay"),
      row("R-inside", "2026-11-20T03:00:00.000Z", "alipay"),
      row("R-last", "2026-11-20T15:59:59.999Z", "alipay"),
      row("R-at-to", "2026-11-20T16:00:00.000Z", "alipay"),
    ]);
});

describe("searchOrders with a window", () => {
  it("returns exactly the orders created in [from, to): the one at from in, the one at to out", async () => {
    const r = await searchOrders(getDb(), { range });
    expect(r.items.map((o) => o.orderNo).sort()).toEqual(["R-at-from", "R-inside", "R-inside-wx", "R-last"]);
  });

  it("composes with the provider filter and pages over the window only", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchOrders(getDb(), { range, provider: "alipay", limit: 2, cursor });
      seen.push(...page.items.map((o) => o.orderNo));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["R-last", "R-inside", "R-at-from"]);
  });

  it("oldest first keeps the same rows", async () => {
    const r = await searchOrders(getDb(), { range, provider: "alipay", sort: "createdAt.asc" });
    expect(r.items.map((o) => o.orderNo)).toEqual(["R-at-from", "R-inside", "R-last"]);
  });
});
