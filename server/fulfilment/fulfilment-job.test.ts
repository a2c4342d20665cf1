import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLogs, jobAttempts, jobs, orders } from "@/db/schema";
import { applyNotification } from "@/server/callbacks/apply-notification";
import { recordProviderMessage } from "@/server/callbacks/record-provider-message";
import { runTick } from "@/server/jobs/run-jobs";
import type { JobDefinition } from "@/server/jobs/types";
import { registerOrder } from "@/server/orders/register-order";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { startMerchantStub } from "@/test/merchant-stub";
import { TEST_ENV } from "@/test/test-env";
import { createFulfilmentJob } from "./fulfilment-job";
import { verifyWebhookSignature } from "./sign-webhook";

const db = useTestDb();
let stub: Awaited<ReturnType<typeof startMerchantStub>> | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function paidOrder() {
  const orderNo = uniqueOrderNo("F");
  await registerOrder(db(), { orderNo, userId: "u", amountMinor: 2990, provider: "sandbox" });
  const receivedAt = new Date();
  const callbackEventId = await recordProviderMessage(db(), { provider: "sandbox", source: "notify", headers: {}, body: "{}", receivedAt });
  const r = await applyNotification(db(), {
    callbackEventId,
    provider: "sandbox",
    source: "notify",
    receivedAt,
    notification: { eventId: "e", dedupeKey: `TX${orderNo}:PAID`, orderNo, transactionId: `TX${orderNo}`, state: "PAID", providerStatus: "SUCCESS", amountMinor: 2990, currency: "CNY", eventAt: receivedAt, paidAt: receivedAt, facts: {} },
  });
  expect(r.outcome).toBe("applied");
  return orderNo;
}

/** Runs fulfilment jobs only, fast-forwarding backoff waits, until none is left pending. */
async function drain(url: string) {
  const job = createFulfilmentJob({ url });
  const registry = new Map<string, JobDefinition<never>>([[job.type, job as JobDefinition<never>]]);
  for (let i = 0; i < 20; i++) {
    await db().update(jobs).set({ runAt: new Date() }).where(and(eq(jobs.type, job.type), eq(jobs.status, "pending")));
    const r = await runTick(db(), registry, { workerId: "test" });
    if (r.ran === 0) return;
  }
}

const fulfilJob = async (orderNo: string) => (await db().select().from(jobs).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, "order.fulfil"))))[0]!;
const order = async (orderNo: string) => (await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!;

describe("fulfilment webhook", () => {
  it("posts signed order.paid JSON and moves the order to FULFILLED on 2xx", async () => {
    stub = await startMerchantStub(() => 200);
    const orderNo = await paidOrder();
    await drain(stub.url);
    expect((await order(orderNo)).status).toBe("FULFILLED");
    expect(stub.calls).toHaveLength(1);
    const call = stub.calls[0]!;
    const body = JSON.parse(call.body);
    expect(body).toEqual({ event: "order.paid", orderNo, amountMinor: 2990, currency: "CNY", provider: "sandbox", providerTransactionId: `TX${orderNo}`, paidAt: expect.any(String) });
    expect(verifyWebhookSignature(TEST_ENV.FULFILMENT_WEBHOOK_SECRET!, call.body, String(call.headers["x-payops-signature"]), Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature("other-secret-123", call.body, String(call.headers["x-payops-signature"]), Math.floor(Date.now() / 1000))).toBe(false);
  });

  it("retries failures on the schedule and succeeds when the merchant recovers", async () => {
    stub = await startMerchantStub((_c, n) => (n <= 2 ? 503 : 200));
    const orderNo = await paidOrder();
    await drain(stub.url);
    expect((await order(orderNo)).status).toBe("FULFILLED");
    const job = await fulfilJob(orderNo);
    expect(job).toMatchObject({ status: "succeeded", attempts: 3 });
    const attempts = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, job.id));
    expect(attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(attempts[0]!.detail).toMatchObject({ httpStatus: 503 });
    // The error as a code beside the English text, for people reading another language.
    expect(attempts[0]).toMatchObject({ error: "merchant answered HTTP 503", errorCoded: { code: "job.merchant_http_status", params: { httpStatus: 503 } } });
    expect(attempts[2]!.errorCoded).toBeNull();
    // A success clears the job's last error, coded form included.
    expect(job).toMatchObject({ lastError: null, lastErrorCoded: null });
  });

  it("dead-letters after the last attempt and flags the order for review", async () => {
    stub = await startMerchantStub(() => 500);
    const orderNo = await paidOrder();
    await drain(stub.url);
    const job = await fulfilJob(orderNo);
    // FULFILMENT_RETRY_SCHEDULE in tests has three steps: four attempts in all
    expect(job).toMatchObject({ status: "dead", attempts: 4 });
    expect(stub.calls).toHaveLength(4);
    const o = await order(orderNo);
    expect(o).toMatchObject({ status: "PAID", needsReview: true });
    expect(o.reviewReason).toMatch(/fulfilment failed after 4 attempts/);
    expect(job.lastErrorCoded).toEqual({ code: "job.merchant_http_status", params: { httpStatus: 500 } });
    expect(o.reviewReasonCoded).toEqual({ code: "order.fulfilment_failed", params: { attempts: 4, lastError: "merchant answered HTTP 500" } });
  });
});

/** A shop endpoint answering each call with any status, headers and body (redirects included). */
async function startShop(answer: (n: number) => { status: number; headers?: Record<string, string>; body?: string }) {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const a = answer(++calls);
      res.writeHead(a.status, a.headers ?? {});
      res.end(a.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${base}/fulfil`, base, calls: () => calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const audits = async (orderNo: string, action: string) => db().select().from(auditLogs).where(and(eq(auditLogs.entityId, orderNo), eq(auditLogs.action, action)));

/** Four failed attempts (the test schedule has three retries), a dead job, a PAID order flagged with the last error. */
async function expectDeadAndFlagged(orderNo: string, lastError: RegExp) {
  const job = await fulfilJob(orderNo);
  expect(job).toMatchObject({ status: "dead", attempts: 4 });
  const o = await order(orderNo);
  expect(o).toMatchObject({ status: "PAID", fulfilledAt: null, needsReview: true });
  expect(o.reviewReason).toMatch(/fulfilment failed after 4 attempts/);
  expect(o.reviewReason).toMatch(lastError);
  expect(await audits(orderNo, "order.fulfilled")).toHaveLength(0);
  expect(await audits(orderNo, "order.needs_review")).toHaveLength(1);
}

describe("fulfilment webhook: what the shop answers besides 2xx and 5xx", () => {
  // The contract is the status code: 2xx = delivered. A 4xx is still a failure (a shop mid-deploy answers
  // 404, a gateway 429); a 3xx is not followed and is not a success.
  it.each([400, 401, 404, 409, 422, 429])("HTTP %i is a failure: retried, then dead-lettered and flagged", async (status) => {
    const shop = await startShop(() => ({ status, headers: { "content-type": "application/json" }, body: '{"error":"no"}' }));
    try {
      const orderNo = await paidOrder();
      await drain(shop.url);
      expect(shop.calls()).toBe(4);
      await expectDeadAndFlagged(orderNo, new RegExp(`HTTP ${status}`));
    } finally {
      await shop.close();
    }
  });

  it("a 404 while the shop deploys, then 200: fulfilled on the retry", async () => {
    const shop = await startShop((n) => (n === 1 ? { status: 404 } : { status: 200 }));
    try {
      const orderNo = await paidOrder();
      await drain(shop.url);
      expect((await order(orderNo)).status).toBe("FULFILLED");
      expect(await fulfilJob(orderNo)).toMatchObject({ status: "succeeded", attempts: 2 });
    } finally {
      await shop.close();
    }
  });

  it.each([301, 302, 303, 307, 308])("a %i redirect is not followed and not a success", async (status) => {
    let landed = 0;
    const target = await startShop(() => {
      landed++;
      return { status: 200, body: "<html>sign in</html>" };
    });
    const shop = await startShop(() => ({ status, headers: { location: `${target.base}/login` } }));
    try {
      const orderNo = await paidOrder();
      await drain(shop.url);
      expect(landed).toBe(0);
      expect(shop.calls()).toBe(4);
      await expectDeadAndFlagged(orderNo, new RegExp(`HTTP ${status}`));
    } finally {
      await shop.close();
      await target.close();
    }
  });

  it.each([
    [200, "not json at all <<<"],
    [202, ""],
    [204, ""],
  ])("HTTP %i with body %j is delivered: the status code is the contract", async (status, body) => {
    const shop = await startShop(() => ({ status, body }));
    try {
      const orderNo = await paidOrder();
      await drain(shop.url);
      expect(await order(orderNo)).toMatchObject({ status: "FULFILLED", needsReview: false });
      expect(shop.calls()).toBe(1);
      const [a] = await audits(orderNo, "order.fulfilled");
      expect(a).toMatchObject({ actorLabel: "system:fulfilment", before: { status: "PAID" }, after: expect.objectContaining({ status: "FULFILLED", httpStatus: status }) });
    } finally {
      await shop.close();
    }
  });

  it("the shop that cannot be reached is retried, then dead-lettered and flagged", async () => {
    const shop = await startShop(() => ({ status: 200 }));
    await shop.close();
    const orderNo = await paidOrder();
    await drain(shop.url);
    await expectDeadAndFlagged(orderNo, /failed/);
  });
});
