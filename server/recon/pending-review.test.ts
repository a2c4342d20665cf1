import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, jobs, orders } from "@/db/schema";
import { enqueue } from "@/server/jobs/enqueue";
import { jobRegistry } from "@/server/jobs/registry";
import { runTick } from "@/server/jobs/run-jobs";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { countPendingReview, flagUnfulfilledOrders } from "./pending-review";
import { pendingReviewJob } from "./pending-review-job";

const db = useTestDb();
const NOW = new Date("2026-11-26T08:00:00Z");
const SLA = { FULFIL_SLA: 10 * 60_000 };
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

async function order(over: Partial<typeof orders.$inferInsert>) {
  const orderNo = uniqueOrderNo("PR");
  const [o] = await db().insert(orders).values({ orderNo, userId: "u", amountMinor: 100, currency: "CNY", provider: "sandbox", ...over }).returning();
  return o!;
}
const statusOf = async (orderNo: string) => (await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!;

describe("pending review: paid but not fulfilled within FULFIL_SLA", () => {
  it("flags PAID orders past the SLA (exactly at it too), not before it, not fulfilled ones; once; counted", async () => {
    const late = await order({ status: "PAID", paidAt: minutesAgo(11), providerTransactionId: "a" });
    const edge = await order({ status: "PAID", paidAt: minutesAgo(10), providerTransactionId: "b" });
    const fresh = await order({ status: "PAID", paidAt: minutesAgo(9), providerTransactionId: "c" });
    const done = await order({ status: "FULFILLED", paidAt: minutesAgo(60), fulfilledAt: minutesAgo(59), providerTransactionId: "d" });
    const unpaidFlagged = await order({ status: "CREATED", needsReview: true, reviewReason: "no payment confirmation after 5 status queries" });

    expect(await flagUnfulfilledOrders(db(), SLA, NOW)).toEqual({ flagged: 2 });
    expect(await statusOf(late.orderNo)).toMatchObject({ needsReview: true, status: "PAID", reviewReasonCoded: { code: "order.unfulfilled_after_sla", params: { minutes: 10 } } });
    expect((await statusOf(edge.orderNo)).needsReview).toBe(true);
    expect((await statusOf(fresh.orderNo)).needsReview).toBe(false);
    expect((await statusOf(done.orderNo)).needsReview).toBe(false);
    expect(await countPendingReview(db())).toEqual({ unpaidAfterJanitor: 1, unfulfilled: 2 });
    const [audit] = await db().select().from(auditLogs).where(eq(auditLogs.entityId, late.orderNo));
    expect(audit).toMatchObject({ action: "order.needs_review", actorLabel: "system:pending-review" });

    // Idempotent: a second sweep flags nothing new, writes no second audit row.
    expect(await flagUnfulfilledOrders(db(), SLA, NOW)).toEqual({ flagged: 0 });
    expect(await db().select().from(auditLogs).where(eq(auditLogs.entityId, late.orderNo))).toHaveLength(1);
    expect(unpaidFlagged.needsReview).toBe(true);
  });

  it("an order already flagged for another reason keeps that reason", async () => {
    const failed = await order({ status: "PAID", paidAt: minutesAgo(30), providerTransactionId: "e", needsReview: true, reviewReason: "notifying the merchant failed 5 times" });
    expect(await flagUnfulfilledOrders(db(), SLA, NOW)).toEqual({ flagged: 0 });
    expect((await statusOf(failed.orderNo)).reviewReason).toBe("notifying the merchant failed 5 times");
  });
});

describe("the pending-review job", () => {
  it("runs from the portal's job registry and flags with the configured FULFIL_SLA (10 minutes by default)", async () => {
    const stale = await order({ status: "PAID", paidAt: new Date(Date.now() - 3_600_000), providerTransactionId: "job-a" });
    const recent = await order({ status: "PAID", paidAt: new Date(), providerTransactionId: "job-b" });
    await enqueue(db(), pendingReviewJob, {}, { dedupeKey: "pending-review-test" });
    await runTick(db(), jobRegistry, { workerId: "test", concurrency: 1, maxJobs: 1 });
    const [job] = await db().select().from(jobs).where(eq(jobs.dedupeKey, "pending-review-test"));
    expect(job).toMatchObject({ status: "succeeded" });
    expect((await statusOf(stale.orderNo)).needsReview).toBe(true);
    expect((await statusOf(recent.orderNo)).needsReview).toBe(false);
  });
});
