import { and, eq } from "drizzle-orm";
import { orders, type Order } from "@/db/schema";
import { systemActor, writeAudit } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { defineJob, JobAttemptError } from "@/server/jobs/types";
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
 * Tells the merchant's backend an order is paid. A 2xx moves the order to FULFILLED; anything else is
 * retried on FULFILMENT_RETRY_SCHEDULE, then dead-lettered (the order stays PAID and is flagged).
 * `url` overrides the configured endpoint (the demo seed fulfils against a local stand-in).
 */
export function createFulfilmentJob(opts: { url?: string } = {}) {
  return defineJob<FulfilmentPayload>({
    type: "order.fulfil",
    retrySchedule: () => getEnv().FULFILMENT_RETRY_SCHEDULE,
    async run({ db, signal }, { orderNo }) {
      const env = getEnv();
      const [order] = await db.select().from(orders).where(eq(orders.orderNo, orderNo));
      if (!order) throw new JobAttemptError(`order ${orderNo} not found`);
      if (order.status === "FULFILLED") return { skipped: "already fulfilled" };
      if (order.status !== "PAID") throw new JobAttemptError(`order ${orderNo} is ${order.status}, not PAID`);

      const url = opts.url ?? fulfilmentUrl();
      const body = fulfilmentBody(order);
      const started = Date.now();
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-payops-signature": signWebhook(env.FULFILMENT_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)) },
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(env.FULFILMENT_TIMEOUT)]),
        });
      } catch (e) {
        throw new JobAttemptError(`POST ${url} failed: ${(e as Error).message}`, { url, durationMs: Date.now() - started });
      }
      const responseText = (await response.text().catch(() => "")).slice(0, 500);
      const detail = { url, httpStatus: response.status, durationMs: Date.now() - started, response: responseText };
      if (!response.ok) throw new JobAttemptError(`merchant answered HTTP ${response.status}`, detail);

      await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(orders)
          .set({ status: "FULFILLED", fulfilledAt: new Date() })
          .where(and(eq(orders.id, order.id), eq(orders.status, "PAID")))
          .returning();
        if (updated) {
          await writeAudit(tx, systemActor("fulfilment"), {
            action: "order.fulfilled",
            entityType: "order",
            entityId: orderNo,
            before: { status: "PAID" },
            after: { status: "FULFILLED", httpStatus: response.status },
          });
        }
      });
      return detail;
    },
    async onDead(tx, job, { orderNo }) {
      const [order] = await tx
        .update(orders)
        .set({ needsReview: true, reviewReason: `fulfilment failed after ${job.attempts} attempts: ${job.lastError ?? "unknown error"}` })
        .where(and(eq(orders.orderNo, orderNo), eq(orders.status, "PAID")))
        .returning({ id: orders.id });
      if (order) {
        await writeAudit(tx, systemActor("fulfilment"), {
          action: "order.needs_review",
          entityType: "order",
          entityId: orderNo,
          after: { reason: "fulfilment dead-lettered", jobId: job.id },
        });
      }
    },
  });
}

export const fulfilmentJob = createFulfilmentJob();
