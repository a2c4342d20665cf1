import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { jobAttempts, jobs, orders } from "@/db/schema";
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
  });
});
