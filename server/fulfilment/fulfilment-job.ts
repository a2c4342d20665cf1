import "server-only";
import { eq } from "drizzle-orm";
import { orders, type Order } from "@/db/schema";
import { reason } from "@/lib/reasons";
import { systemActor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { withDeadline } from "@/server/lib/deadline";
import { defineJob, JobAttemptError } from "@/server/jobs/types";
import { flagOrderForReview } from "@/server/orders/flag-order-for-review";
import { markOrderFulfilled } from "@/server/orders/mark-order-fulfilled";
import { signWebhook } from "./sign-webhook";

export interface FulfilmentPayload {
  orderNo: string;
}

export function fulfilmentUrl(): string {
  const env = getEnv();
  return env.FULFILMENT_WEBHOOK_URL ?? new URL("/api/demo-merchant/fulfil", env.APP_URL).toString();
}

export function fulfilmentBody(order: Order): string {
  return JSON.stringify({
    event: "order.paid",
    orderNo: order.orderNo,
    amountMinor: order.amountMinor,
    currency: order.currency,
    provider: order.provider,
    providerTransactionId: order.providerTransactionId,
    paidAt: order.paidAt?.toISOString() ?? null,
  });
}

/**
 * Tells the merchant's backend an order is paid. Only a 2xx, from the configured URL itself, moves the
 * order to FULFILLED; the body of a 2xx is not read for meaning (the contract is the status code). Anything
 * else is retried on FULFILMENT_RETRY_SCHEDULE, then dead-lettered (the order stays PAID and is flagged):
 * a 4xx too (a shop mid-deploy answers 404, a proxy 429), and a 3xx is not followed, because a redirect
 * to a login or error page answering 200 would otherwise count as delivered (and would carry the signed
 * payload to another host).
 * `url` overrides the configured endpoint (the demo seed fulfils against a local stand-in).
 */
export function createFulfilmentJob(opts: { url?: string } = {}) {
  return defineJob<FulfilmentPayload>({
    type: "order.fulfil",
    retrySchedule: () => getEnv().FULFILMENT_RETRY_SCHEDULE,
    async run({ db, job, signal }, { orderNo }) {
      const env = getEnv();
      const [order] = await db.select().from(orders).where(eq(orders.orderNo, orderNo));
      if (!order) throw new JobAttemptError(`order ${orderNo} not found`, undefined, reason("job.order_not_found", { orderNo }));
      if (order.status === "FULFILLED") return { skipped: "already fulfilled" };
      if (order.status !== "PAID") throw new JobAttemptError(`order ${orderNo} is ${order.status}, not PAID`, undefined, reason("job.order_not_paid", { orderNo, status: order.status }));

      const url = opts.url ?? fulfilmentUrl();
      const body = fulfilmentBody(order);
      const started = Date.now();
      // The deadline covers the answer's body as well as its headers.
      const answer = await withDeadline(env.FULFILMENT_TIMEOUT, signal, async (deadline) => {
        let response: Response;
        try {
          response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", "x-payops-signature": signWebhook(env.FULFILMENT_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)) },
            body,
            redirect: "manual",
            signal: deadline,
          });
        } catch (e) {
          const error = (e as Error).message;
          throw new JobAttemptError(`POST ${url} failed: ${error}`, { url, durationMs: Date.now() - started }, reason("job.merchant_unreachable", { url, error }));
        }
        return { response, text: (await response.text().catch(() => "")).slice(0, 500) };
      });
      const { response, text: responseText } = answer;
      const detail = { url, httpStatus: response.status, durationMs: Date.now() - started, response: responseText };
      if (!response.ok) throw new JobAttemptError(`merchant answered HTTP ${response.status}`, detail, reason("job.merchant_http_status", { httpStatus: response.status }));

      await db.transaction((tx) => markOrderFulfilled(tx, systemActor("fulfilment"), order, { httpStatus: response.status, jobId: job.id }));
      return detail;
    },
    async onDead(tx, job, { orderNo }) {
      // Only a PAID order waits for the shop; one that moved on (fulfilled by a replay) needs no one.
      const [order] = await tx.select().from(orders).where(eq(orders.orderNo, orderNo));
      if (order?.status !== "PAID") return;
      await flagOrderForReview(tx, systemActor("fulfilment"), order, {
        reason: `fulfilment failed after ${job.attempts} attempts: ${job.lastError ?? "unknown error"}`,
        coded: reason("order.fulfilment_failed", { attempts: job.attempts, lastError: job.lastError ?? "unknown error" }),
        detail: { cause: "fulfilment dead-lettered", jobId: job.id },
      });
    },
  });
}

export const fulfilmentJob = createFulfilmentJob();
