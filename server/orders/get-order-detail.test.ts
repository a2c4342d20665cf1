import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, callbackEvents, discrepancies, jobAttempts, jobs, orders } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { getOrderDetail, listProblemMessages, PROBLEM_PAGE_SIZE } from "./get-order-detail";

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
  it("merges verified callbacks, job attempts, discrepancies and audit, oldest first; rejected ones only counted", async () => {
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
      "callback:applied",
      "attempt:1:false",
      "callback:duplicate",
      "audit:discrepancy.create",
      "discrepancy:amount_mismatch",
      "audit:job.replay",
      "attempt:2:true",
    ]);
    expect(d.jobs[0]!.attempts).toHaveLength(2);
    expect(d.callbacks.map((c) => c.verification)).toEqual(["verified", "verified"]);
    // The rejected message naming D-1 is counted (not D-10's), and listed on request with its reason.
    expect(d.problemMessages).toEqual({ count: 1, capped: false });
    const page = await listProblemMessages(getDb(), "D-1");
    expect(page.items.map((c) => c.rejectReason)).toEqual(["bad signature"]);
    expect(page.items[0]!.body).toBe("out_trade_no=D-1&sign=bad");
    expect(page.nextCursor).toBeNull();
  });

  it("throws NotFoundError for an unknown order", async () => {
    await expect(getOrderDetail(getDb(), "NOPE")).rejects.toThrow(NotFoundError);
  });
});

describe("an order flooded with rejected messages", () => {
  // Anyone can post unsigned messages naming any order. 300 of 64 KiB here (19 MiB in the table, enough to
  // have made the old page 19 MiB); the payload of the page and of each page of messages must not grow
  // with them.
  const FLOOD = 300;
  const SIZE = 64 * 1024;

  beforeAll(async () => {
    const db = getDb();
    await db.insert(orders).values({ orderNo: "FLOOD-1", userId: "u", amountMinor: 100, currency: "CNY", provider: "sandbox", createdAt: at(0) });
    await db.insert(callbackEvents).values({ provider: "sandbox", receivedAt: at(5), headers: {}, body: `{"orderNo":"FLOOD-1"}`, verification: "verified", outcome: "applied", orderNo: "FLOOD-1" });
    const junk = "x".repeat(SIZE);
    for (let i = 0; i < FLOOD; i += 50) {
      await db.insert(callbackEvents).values(
        Array.from({ length: 50 }, (_, j) => ({
          provider: "sandbox" as const,
          receivedAt: at(10 + i + j),
          headers: { "content-type": "application/json" },
          body: `{"orderNo":"FLOOD-1","n":${i + j},"pad":"${junk}"}`,
          verification: "rejected" as const,
          rejectReason: "bad signature",
          outcome: "rejected" as const,
        })),
      );
    }
  });

  it("keeps the order detail small: verified messages inline, the rejected ones only counted", async () => {
    const d = await getOrderDetail(getDb(), "FLOOD-1");
    expect(d.problemMessages).toEqual({ count: FLOOD, capped: false });
    expect(d.callbacks).toHaveLength(1);
    expect(JSON.stringify(d).length).toBeLessThan(20_000);
  });

  it("pages the rejected messages, 20 previews of at most 2 KiB each, newest first, all reachable", async () => {
    const seen = new Set<number>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listProblemMessages(getDb(), "FLOOD-1", cursor);
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(PROBLEM_PAGE_SIZE);
      expect(JSON.stringify(page).length).toBeLessThan(PROBLEM_PAGE_SIZE * 3 * 1024);
      for (const item of page.items) {
        expect(Buffer.byteLength(item.body)).toBeLessThanOrEqual(2048);
        expect(item.previewTruncated).toBe(true);
        expect(item.storedBytes).toBeGreaterThan(SIZE);
        seen.add(item.id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(FLOOD);
    expect(pages).toBe(FLOOD / PROBLEM_PAGE_SIZE);
  });
});
