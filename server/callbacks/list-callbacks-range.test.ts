import { beforeAll, describe, expect, it } from "vitest";
import { callbackEvents } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { listCallbacks } from "./list-callbacks";

const getDb = useTestDb();
const now = new Date("2026-11-21T00:00:00Z");
// One hour bucket of the KPI drill-down.
const range = { from: new Date("2026-11-20T03:00:00Z"), to: new Date("2026-11-20T04:00:00Z") };

beforeAll(async () => {
  const row = (orderNo: string, receivedAt: string, outcome: (typeof callbackEvents.$inferInsert)["outcome"], provider: "alipay" | "wechatpay" = "alipay") => ({
    provider,
    headers: {},
    body: "{}",
    outcome,
    receivedAt: new Date(receivedAt),
    orderNo,
  });
  await getDb()
    .insert(callbackEvents)
    .values([
      row("before", "2026-11-20T02:59:59.999Z", "rejected"),
      row("at-from", "2026-11-20T03:00:00.000Z", "rejected"),
      row("inside-applied", "2026-11-20T03:10:00.000Z", "applied"),
      row("inside-wx", "2026-11-20T03:20:00.000Z", "malformed", "wechatpay"),
      row("inside", "2026-11-20T03:30:00.000Z", "unknown_order"),
      row("at-to", "2026-11-20T04:00:00.000Z", "rejected"),
    ]);
});

describe("listCallbacks with a window", () => {
  it("returns exactly the problem callbacks received in [from, to): the one at from in, the one at to out", async () => {
    const r = await listCallbacks(getDb(), { range, now });
    expect(r.items.map((c) => c.orderNo)).toEqual(["inside", "inside-wx", "at-from"]);
  });

  it("composes with the provider and kind filters and the pager", async () => {
    const first = await listCallbacks(getDb(), { range, provider: "alipay", now, limit: 1 });
    const second = await listCallbacks(getDb(), { range, provider: "alipay", now, limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((c) => c.orderNo)).toEqual(["inside", "at-from"]);
    expect(second.nextCursor).toBeNull();
    expect((await listCallbacks(getDb(), { range, kind: "rejected", now })).items.map((c) => c.orderNo)).toEqual(["at-from"]);
  });
});
