import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, callbackEvents, discrepancies, jobAttempts, jobs, orders } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { getOrderDetail } from "./get-order-detail";

const getDb = useTestDb();
const t0 = Date.parse("2025-11-20T02:00:00Z");
const at = (s: number) => new Date(t0 + s * 1000);

beforeAll(async () => {
  const db = getDb();
  await db.insert(orders).values({ orderNo: "D-1", userId: "u", amountMinor: 1230, currency: "CNY", provider: "alipay", status: "FULFILLED", createdAt: at(0) });
  await db.insert(callbackEvents).values([
    // rejected: no extracted facts, found through its raw body
    { provider: "alipay", receivedAt: at(10), headers: {}, body: "out_trade_no=D-1&sign=bad", verification: "rejected", rejectReason: "bad signature", outcome: "rejected" },
    { provider: "alipay", receivedAt: at(20), headers: {}, body: "out_trade_no=D-1", verification: "verified", outcome: "applied", orderNo: "D-1", delayMs: 1500 },
    { provider: "alipay", source: "query", receivedAt: at(30), headers: {}, body: "{}", verification: "verified", outcome: "duplicate", orderNo: "D-1" },
    // another order's callbacks stay out, including an unparsed one that merely shares a prefix
    { provider: "alipay", receivedAt: at(25), headers: {}, body: "out_trade_no=D-10", verification: "rejected", outcome: "rejected", orderNo: null },
    { provider: "alipay", receivedAt: at(26), headers: {}, body: "x", verification: "verified", outcome: "applied", orderNo: "D-2" },
  ]);
  const [job] = await db.insert(jobs).values({ type: "order.fulfil", payload: {}, maxAttempts: 3, orderNo: "D-1", status: "succeeded", attempts: 2 }).returning();
  await db.insert(jobAttempts).values([
    { jobId: job!.id, attempt: 1, workerId: "w", startedAt: at(21), ok: false, error: "HTTP 500", durationMs: 40 },
    { jobId: job!.id, attempt: 2, workerId: "w", startedAt: at(40), ok: true, durationMs: 30, detail: { httpStatus: 200 } },
  ]);
  const [d] = await db.insert(discrepancies).values({ type: "amount_mismatch", risk: "high", provider: "alipay", orderNo: "D-1", providerTransactionId: "T", expectedAmountMinor: 1230, actualAmountMinor: 1, currency: "CNY", ourFacts: {}, providerFacts: {}, detectedAt: at(35) }).returning();
  await db.insert(auditLogs).values([
    { actorLabel: "system:api", action: "order.create", entityType: "order", entityId: "D-1", createdAt: at(0) },
    { actorLabel: "ops@x", action: "job.replay", entityType: "job", entityId: String(job!.id), createdAt: at(39) },
    { actorLabel: "system", action: "discrepancy.create", entityType: "discrepancy", entityId: String(d!.id), createdAt: at(35) },
    { actorLabel: "system", action: "order.create", entityType: "order", entityId: "D-2", createdAt: at(1) },
  ]);
});

describe("getOrderDetail", () => {
  it("merges callbacks (incl. rejected ones found by body), job attempts, discrepancies and audit, oldest first", async () => {
    const d = await getOrderDetail(getDb(), "D-1");
    expect(d.order.orderNo).toBe("D-1");
    const kinds = d.timeline.map((i) => {
      if (i.kind === "callback") return `callback:${i.callback.outcome}`;
      if (i.kind === "job_attempt") return `attempt:${i.attempt.attempt}:${i.attempt.ok}`;
      if (i.kind === "audit") return `audit:${i.audit.action}`;
      return `discrepancy:${i.discrepancy.type}`;
    });
    expect(kinds).toEqual([
      "audit:order.create",
      "callback:rejected",
      "callback:applied",
      "attempt:1:false",
      "callback:duplicate",
      "audit:discrepancy.create",
      "discrepancy:amount_mismatch",
      "audit:job.replay",
      "attempt:2:true",
    ]);
    expect(d.jobs[0]!.attempts).toHaveLength(2);
    expect(d.callbacks.find((c) => c.outcome === "rejected")!.rejectReason).toBe("bad signature");
  });

  it("throws NotFoundError for an unknown order", async () => {
    await expect(getOrderDetail(getDb(), "NOPE")).rejects.toThrow(NotFoundError);
  });
});
