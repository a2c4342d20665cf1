import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Provider } from "@/lib/enums";
import { auditLogs, callbackEvents, jobAttempts, jobs, orders, type Job } from "@/db/schema";
import { systemActor } from "@/server/audit/write-audit";
import { markOrderPaid } from "@/server/orders/mark-order-paid";
import { registerOrder } from "@/server/orders/register-order";
import { signSandboxAnswer } from "@/server/providers/sandbox/sign-answer";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { runJanitor as runJanitorFor } from "@/test/janitor";
import { overrideEnv } from "@/test/override-env";
import { useProviders } from "@/test/provider-env";
import { queryOrderNow } from "./query-order-now";
import { runStatusQuery } from "./run-status-query";
import { statusQueryJob } from "./status-query-job";

// Gaps the first StrykerJS run of server/janitor left (docs/testing.md, "Mutation testing"): the exact
// result a step stores, the reasons an order is flagged with, the "Query now" audit row, and the guarded
// writes that lose. Test env: JANITOR_AFTER=0ms, JANITOR_SCHEDULE=10ms,20ms → three steps (0, 1, 2).

const db = useTestDb();
const { keys, fake } = useProviders();

const runJanitor = (orderNo: string) => runJanitorFor(db(), orderNo, "janitor-mutants-test");
const agent = { id: "00000000-0000-4000-8000-000000000002", label: "agent@payops.local", role: "agent" as const };
// The sandbox adapter's words for its signed 404 ("I hold no payment for this order").
const SANDBOX_NO_PAYMENT = "sandbox has no payment for this order";

async function order(over: { expiresAt?: Date } = {}): Promise<string> {
  const orderNo = uniqueOrderNo("M");
  await registerOrder(db(), { orderNo, userId: "u", amountMinor: 2990, currency: "CNY", provider: "sandbox", expiresAt: over.expiresAt?.toISOString() });
  return orderNo;
}
const load = async (orderNo: string) => (await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0];
const audits = (orderNo: string, action: string) => db().select().from(auditLogs).where(and(eq(auditLogs.entityId, orderNo), eq(auditLogs.action, action)));
const stepJobs = (orderNo: string) => db().select().from(jobs).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, statusQueryJob.type))).orderBy(asc(jobs.id));

/** What each step stored as its result (job_attempts.detail), step by step. */
async function stepResults(orderNo: string): Promise<unknown[]> {
  const out: { step: number; detail: unknown }[] = [];
  for (const j of await stepJobs(orderNo)) {
    const attempts = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, j.id));
    for (const a of attempts) out.push({ step: (j.payload as { step: number }).step, detail: a.detail });
  }
  return out.sort((a, b) => a.step - b.step).map((x) => x.detail);
}

/** One step of the janitor, run the way the job runner runs it (run() reads only its payload, not the job row). */
function runStep(orderNo: string, step: number) {
  return statusQueryJob.run({ db: db(), job: undefined as unknown as Job, workerId: "janitor-mutants-test", signal: new AbortController().signal }, { orderNo, step });
}

/** Freezes the clock the janitor reads (`new Date()`), leaving timers real so the database and HTTP work. */
function freezeClock(): Date {
  const t = new Date(Math.floor(Date.now() / 1000) * 1000 + 123);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(t);
  return t;
}
afterEach(() => {
  vi.useRealTimers();
});

async function withSandboxServer(handler: (orderNo: string) => Promise<{ status: number; headers: Record<string, string>; body: string }>, fn: () => Promise<void>) {
  const server = createServer((req, res) => {
    const orderNo = decodeURIComponent(/\/payments\/([^/?]+)/.exec(req.url ?? "")?.[1] ?? "");
    handler(orderNo)
      .then((reply) => {
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
      })
      .catch((e: Error) => {
        res.writeHead(500);
        res.end(e.message);
      });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const restore = overrideEnv({ SANDBOX_API_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  try {
    await fn();
  } finally {
    restore();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

describe("queryOrderNow: what the button reports and audits", () => {
  it("a payment the provider holds: applied, with the applier's words, and audited before → after", async () => {
    const orderNo = await order();
    fake().setPayment("sandbox", orderNo, { state: "PAID", transactionId: "SBXQN1", amountMinor: 2990, currency: "CNY", paidAt: new Date() });
    const r = await queryOrderNow(db(), agent, orderNo);
    const appliedPaid = { code: "outcome.applied_paid", params: { providerStatus: "SUCCESS" } };
    expect({ result: r.result, detail: r.detail, reason: r.reason, status: r.order.status }).toEqual({
      result: "applied",
      detail: "CREATED → PAID (SUCCESS)",
      reason: appliedPaid,
      status: "PAID",
    });
    const [audit, ...more] = await audits(orderNo, "order.query_now");
    expect(more).toHaveLength(0);
    expect(audit).toMatchObject({ actorLabel: "agent@payops.local", entityType: "order", entityId: orderNo });
    expect(audit!.before).toEqual({ status: "CREATED" });
    expect(audit!.after).toEqual({ status: "PAID", result: "applied", detail: "CREATED → PAID (SUCCESS)", detailCoded: appliedPaid });
  });

  it("the provider has no such payment: not_found, the provider's answer as detail and reason", async () => {
    const orderNo = await order();
    const r = await queryOrderNow(db(), agent, orderNo);
    const noPayment = { code: "outcome.provider_has_no_payment", params: { answer: SANDBOX_NO_PAYMENT } };
    expect({ result: r.result, detail: r.detail, reason: r.reason, status: r.order.status }).toEqual({
      result: "not_found",
      detail: SANDBOX_NO_PAYMENT,
      reason: noPayment,
      status: "CREATED",
    });
    const [audit] = await audits(orderNo, "order.query_now");
    expect(audit!.before).toEqual({ status: "CREATED" });
    expect(audit!.after).toEqual({ status: "CREATED", result: "not_found", detail: SANDBOX_NO_PAYMENT, detailCoded: noPayment });
  });

  it("a provider outage: error, 'provider query failed: …' and the failure as a coded reason", async () => {
    const orderNo = await order();
    fake().failNext("sandbox", 1);
    const r = await queryOrderNow(db(), agent, orderNo);
    const failed = { code: "outcome.provider_query_failed", params: { failure: "http_status", httpStatus: 503, error: "sandbox answered HTTP 503" } };
    expect({ result: r.result, detail: r.detail, reason: r.reason, status: r.order.status }).toEqual({
      result: "error",
      detail: "provider query failed: sandbox answered HTTP 503",
      reason: failed,
      status: "CREATED",
    });
    const [audit] = await audits(orderNo, "order.query_now");
    expect(audit!.before).toEqual({ status: "CREATED" });
    expect(audit!.after).toEqual({ status: "CREATED", result: "error", detail: "provider query failed: sandbox answered HTTP 503", detailCoded: failed });
  });

  it("an order of a provider we have no adapter for: an error naming the provider, nothing asked", async () => {
    const orderNo = await order();
    // orders.provider is plain text: a row written by an older release may name a provider since removed.
    await db().update(orders).set({ provider: "acmepay" as Provider }).where(eq(orders.orderNo, orderNo));
    const before = fake().requests.length;
    const r = await queryOrderNow(db(), agent, orderNo);
    expect({ result: r.result, detail: r.detail, reason: r.reason }).toEqual({
      result: "error",
      detail: "provider query failed: no adapter for provider acmepay",
      reason: { code: "outcome.provider_query_failed", params: { failure: "other", httpStatus: 0, error: "no adapter for provider acmepay" } },
    });
    expect(fake().requests.length).toBe(before);
    expect(await db().select().from(callbackEvents).where(eq(callbackEvents.orderNo, orderNo))).toHaveLength(0);
  });
});

describe("runStatusQuery: a 'no such payment' answer is stored like a callback", () => {
  it("the stored query message is ignored, verified, tied to the order, with the provider's answer", async () => {
    const orderNo = await order();
    const o = (await load(orderNo))!;
    const r = await runStatusQuery(db(), o);
    expect(r).toEqual({ kind: "not_found", reason: SANDBOX_NO_PAYMENT, callbackEventId: expect.any(Number) });
    const [row] = await db().select().from(callbackEvents).where(eq(callbackEvents.id, r.callbackEventId));
    expect(row).toMatchObject({
      provider: "sandbox",
      source: "query",
      outcome: "ignored",
      outcomeDetail: `provider has no payment: ${SANDBOX_NO_PAYMENT}`,
      verification: "verified",
      orderNo,
    });
    expect(row!.outcomeDetailCoded).toEqual({ code: "outcome.provider_has_no_payment", params: { answer: SANDBOX_NO_PAYMENT } });
    expect(row!.processedAt).not.toBeNull();
  });
});

describe("statusQueryJob: what each step stores", () => {
  it("an order that is no longer CREATED is skipped without asking the provider", async () => {
    const orderNo = await order();
    const o = (await load(orderNo))!;
    await db().transaction((tx) => markOrderPaid(tx, systemActor("callback:sandbox"), o, { providerTransactionId: "SBXSKIP1", paidAt: new Date(), via: "notify" }));
    const before = fake().requests.filter((r) => r.url.includes(orderNo)).length;
    await runJanitor(orderNo);
    expect(await stepResults(orderNo)).toEqual([{ skipped: "order is PAID" }]);
    expect(fake().requests.filter((r) => r.url.includes(orderNo)).length).toBe(before);
  });

  it("a step for an order that does not exist is skipped", async () => {
    await expect(runStep("NO-SUCH-ORDER-M1", 0)).resolves.toEqual({ skipped: "order not found" });
  });

  it("a payment found: the step's result is the applier's outcome and nothing is scheduled", async () => {
    const orderNo = await order();
    fake().setPayment("sandbox", orderNo, { state: "PAID", transactionId: "SBXSTEP1", amountMinor: 2990, currency: "CNY", paidAt: new Date() });
    await runJanitor(orderNo);
    expect(await stepResults(orderNo)).toEqual([{ step: 0, result: "applied" }]);
  });

  it("no payment before expiry: the next step runs JANITOR_SCHEDULE[step] after now", async () => {
    const orderNo = await order({ expiresAt: new Date(Date.now() + 3_600_000) });
    const now = freezeClock();
    expect(await runStep(orderNo, 0)).toEqual({ step: 0, result: "no_payment", next: "query again in 10ms" });
    const next = (await stepJobs(orderNo)).find((j) => (j.payload as { step: number }).step === 1);
    expect(next).toMatchObject({ payload: { orderNo, step: 1 }, dedupeKey: `status-query:${orderNo}:1`, status: "pending" });
    expect(next!.runAt.getTime()).toBe(now.getTime() + 10);
  });

  it("an order expiring exactly now is expired: the provider's 'no payment' closes it", async () => {
    const now = freezeClock();
    const orderNo = await order({ expiresAt: now });
    expect(await runStep(orderNo, 0)).toEqual({ step: 0, result: "no_payment", next: "closed (expired, provider has no payment)" });
    expect(await load(orderNo)).toMatchObject({ status: "CLOSED", closeReason: "expired; provider reports no payment" });
  });

  it("no payment confirmation after the whole schedule: flagged with the number of queries, audited with the last answer", async () => {
    const orderNo = await order();
    await runJanitor(orderNo);
    expect(await stepResults(orderNo)).toEqual([
      { step: 0, result: "no_payment", next: "query again in 10ms" },
      { step: 1, result: "no_payment", next: "query again in 20ms" },
      { step: 2, result: "no_payment", next: "needs review" },
    ]);
    const reason = "no payment confirmation after 3 status queries";
    const reasonCoded = { code: "order.no_payment_confirmation", params: { queries: 3 } };
    const o = (await load(orderNo))!;
    expect({ status: o.status, needsReview: o.needsReview, reviewReason: o.reviewReason, reviewReasonCoded: o.reviewReasonCoded }).toEqual({
      status: "CREATED",
      needsReview: true,
      reviewReason: reason,
      reviewReasonCoded: reasonCoded,
    });
    const [flag, ...more] = await audits(orderNo, "order.needs_review");
    expect(more).toHaveLength(0);
    expect(flag).toMatchObject({ actorLabel: "system:janitor", entityType: "order" });
    expect(flag!.before).toEqual({ status: "CREATED", needsReview: false });
    expect(flag!.after).toEqual({ needsReview: true, reason, reasonCoded, step: 2, lastAnswer: "no_payment" });

    // The last step again (a replay): the order is already flagged for this reason, so the guarded flag
    // writes nothing and the step says why.
    expect(await runStep(orderNo, 2)).toEqual({ step: 2, result: "no_payment", next: "not flagged: order is CREATED (already flagged)" });
    expect(await audits(orderNo, "order.needs_review")).toHaveLength(1);
  });

  it("expired, but the provider only ever says pending: each step's result is the applier's outcome, then flagged 'expired without close'", async () => {
    const orderNo = await order({ expiresAt: new Date(Date.now() - 60_000) });
    fake().setPayment("sandbox", orderNo, { state: "PENDING", transactionId: "SBXPEND1", amountMinor: 2990, currency: "CNY", paidAt: null });
    await runJanitor(orderNo);
    expect(await stepResults(orderNo)).toEqual([
      { step: 0, result: "ignored", next: "query again in 10ms" },
      { step: 1, result: "ignored", next: "query again in 20ms" },
      { step: 2, result: "ignored", next: "needs review" },
    ]);
    const reason = "expired, but no closing answer from the provider after 3 status queries";
    const reasonCoded = { code: "order.expired_without_close", params: { queries: 3 } };
    const o = (await load(orderNo))!;
    expect({ status: o.status, reviewReason: o.reviewReason, reviewReasonCoded: o.reviewReasonCoded }).toEqual({ status: "CREATED", reviewReason: reason, reviewReasonCoded: reasonCoded });
    const [flag] = await audits(orderNo, "order.needs_review");
    expect(flag!.after).toEqual({ needsReview: true, reason, reasonCoded, step: 2, lastAnswer: "applied" });
  });

  it("an order deleted while the provider is asked: the close loses and the step says the order is gone", async () => {
    const orderNo = await order({ expiresAt: new Date(Date.now() - 60_000) });
    // The registration's first step references the order; this test runs the step itself.
    await db().delete(jobs).where(eq(jobs.orderNo, orderNo));
    await withSandboxServer(
      async (asked) => {
        await db().delete(orders).where(eq(orders.orderNo, asked));
        return signSandboxAnswer(keys().sandbox.webhookSecret, asked, undefined);
      },
      async () => {
        expect(await runStep(orderNo, 0)).toEqual({ step: 0, result: "no_payment", next: "not closed: order is gone" });
      },
    );
    expect(await load(orderNo)).toBeUndefined();
    expect(await audits(orderNo, "order.closed")).toHaveLength(0);
  });
});

describe("scheduleFirstStatusQuery", () => {
  it("a new order's first status query runs JANITOR_AFTER after the order was created", async () => {
    const restore = overrideEnv({ JANITOR_AFTER: "7m" });
    let orderNo: string;
    try {
      orderNo = await order();
    } finally {
      restore();
    }
    const o = (await load(orderNo))!;
    const [first, ...more] = await stepJobs(orderNo);
    expect(more).toHaveLength(0);
    expect(first).toMatchObject({ payload: { orderNo, step: 0 }, dedupeKey: `status-query:${orderNo}:0`, status: "pending" });
    expect(first!.runAt.getTime()).toBe(o.createdAt.getTime() + 7 * 60_000);
  });
});
