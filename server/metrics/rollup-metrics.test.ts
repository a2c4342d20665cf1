import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callbackEvents, metricMinutes, orders } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { recordComplaint } from "./record-complaint";
import { rollupMetrics } from "./rollup-metrics";

const db = useTestDb();
const M = (m: number, s = 0) => new Date(Date.UTC(2026, 10, 20, 10, m, s));
let n = 0;

async function order(provider: "alipay" | "sandbox", createdAt: Date, over: { paidAt?: Date; userId?: string; amountMinor?: number; currency?: string } = {}) {
  const orderNo = `RU${++n}`;
  await db().insert(orders).values({
    orderNo, userId: over.userId ?? `u${n}`, amountMinor: over.amountMinor ?? 1000, currency: over.currency ?? "CNY", provider, createdAt,
    status: over.paidAt ? "PAID" : "CREATED", paidAt: over.paidAt ?? null,
  });
  return orderNo;
}
async function callback(provider: "alipay" | "sandbox", receivedAt: Date, over: { orderNo?: string; delayMs?: number; verification?: "verified" | "rejected"; outcome?: "applied" | "rejected" | "error"; source?: "notify" | "query" } = {}) {
  await db().insert(callbackEvents).values({
    provider, receivedAt, headers: {}, body: "{}", source: over.source ?? "notify", verification: over.verification ?? "verified", outcome: over.outcome ?? "applied",
    orderNo: over.verification === "rejected" ? null : (over.orderNo ?? null), delayMs: over.verification === "rejected" ? null : (over.delayMs ?? 1000),
  });
}
const rowsAt = async (minute: Date) => db().select().from(metricMinutes).where(eq(metricMinutes.minute, minute)).orderBy(asc(metricMinutes.provider));

describe("rollupMetrics", () => {
  it("computes per-provider and overall minutes, counts late events on recomputation, and is idempotent", async () => {
    // Minute 0: three alipay orders (two by the same user), two paid; one sandbox order paid. One CNY, one USD amount.
    const a1 = await order("alipay", M(0, 5), { paidAt: M(0, 9), userId: "same", amountMinor: 1000 });
    const a2 = await order("alipay", M(0, 20), { paidAt: M(0, 30), userId: "same", amountMinor: 2500 });
    const a3 = await order("alipay", M(0, 40), { amountMinor: 700, currency: "USD" });
    const s1 = await order("sandbox", M(0, 50), { paidAt: M(1, 2), amountMinor: 300 });
    // Notifications: delays 1 s, 3 s for alipay in minute 0; one rejected and one our-error; sandbox in minute 1. A query answer is not a callback.
    await callback("alipay", M(0, 10), { orderNo: a1, delayMs: 1_000 });
    await callback("alipay", M(0, 31), { orderNo: a2, delayMs: 3_000 });
    await callback("alipay", M(0, 45), { verification: "rejected", outcome: "rejected" });
    await callback("alipay", M(0, 50), { orderNo: a2, delayMs: 5_000, outcome: "error" });
    await callback("sandbox", M(1, 3), { orderNo: s1, delayMs: 200 });
    await callback("alipay", M(1, 10), { orderNo: a3, source: "query" });
    await recordComplaint(db(), { provider: "alipay", at: M(0, 30) });
    await recordComplaint(db(), { at: M(0, 31), count: 2 });

    // At 10:02:30 with a 1-minute settle, minute 0 is settled (its missing callbacks count), minute 1 not yet.
    const first = await rollupMetrics(db(), { now: M(2, 30), from: M(0), settleMs: 60_000 });
    expect(first).toMatchObject({ from: M(0), to: M(2) });
    const minute0 = await rowsAt(M(0));
    expect(minute0.map((r) => r.provider)).toEqual(["*", "alipay", "sandbox"]);
    const [all, alipay, sandbox] = minute0;
    expect(alipay).toMatchObject({ attempts: 3, successes: 2, users: 2, amountMinor: 3500, callbacks: 4, callbackFailures: 2, callbacksMissing: 1, complaints: 1 });
    // percentile_cont over the verified delays 1000, 3000, 5000
    expect(alipay).toMatchObject({ callbackDelayP50Ms: 3_000, callbackDelayP95Ms: 4_800 });
    // the same delays by bucket (lib/kpi.ts bounds): 1000 in [1000,2000), 3000 in [2000,5000), 5000 in [5000,10000)
    expect(alipay!.callbackDelayHist).toEqual([0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(sandbox!.callbackDelayHist).toBeNull();
    expect(sandbox).toMatchObject({ attempts: 1, successes: 1, callbacks: 0, callbacksMissing: 0, callbackDelayP95Ms: null });
    expect(all).toMatchObject({ attempts: 4, successes: 3, users: 3, amountMinor: 3800, callbacks: 4, callbackFailures: 2, callbacksMissing: 1, complaints: 3 });
    expect(await rowsAt(M(1))).toEqual([
      expect.objectContaining({ provider: "*", attempts: 0, callbacks: 1, callbackDelayP95Ms: 200 }),
      expect.objectContaining({ provider: "sandbox", attempts: 0, callbacks: 1 }),
    ]);

    // A late event: minute 0's unpaid USD order gets paid and its notification comes in minute 2.
    await db().update(orders).set({ status: "PAID", paidAt: M(2, 40) }).where(eq(orders.orderNo, a3));
    await callback("alipay", M(2, 41), { orderNo: a3, delayMs: 2_000 });
    await rollupMetrics(db(), { now: M(3, 5), settleMs: 60_000, from: M(0) });
    const again = await rollupMetrics(db(), { now: M(3, 5), settleMs: 60_000, from: M(0) });
    expect((await rowsAt(M(0)))[1]).toMatchObject({ provider: "alipay", successes: 3, callbacksMissing: 0 });
    expect(await rowsAt(M(2))).toEqual([expect.objectContaining({ provider: "*", callbacks: 1 }), expect.objectContaining({ provider: "alipay", callbacks: 1 })]);
    expect(again.rows).toBe((await db().select().from(metricMinutes)).length);
  });

  it("deletes minutes older than the retention", async () => {
    await db().insert(metricMinutes).values({ minute: new Date(Date.UTC(2026, 7, 1, 0, 0)), provider: "*", attempts: 5 });
    const r = await rollupMetrics(db(), { now: M(30), retentionMs: 90 * 24 * 3_600_000 });
    expect(r.deleted).toBe(1);
  });
});
