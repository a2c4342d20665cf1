import "server-only";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import { reason as coded, type ProviderQueryFailure, type Reason } from "@/lib/reasons";
import { systemActor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { enqueue } from "@/server/jobs/enqueue";
import { describeQueryFailure } from "@/server/providers/shared/provider-fetch";
import { defineJob, JobAttemptError } from "@/server/jobs/types";
import { closeOrder } from "@/server/orders/close-order";
import { flagOrderForReview } from "@/server/orders/flag-order-for-review";
import { loadOrder } from "@/server/orders/load-order";
import { runStatusQuery } from "./run-status-query";

export interface StatusQueryPayload {
  orderNo: string;
  step: number;
}

/**
 * What one status query told us. Only `no_payment` is a positive "the provider holds no payment"; a
 * `failed` query (HTTP 5xx, timeout, network error, untrusted answer) says nothing about the payment.
 */
export type QueryAnswer =
  | { kind: "applied"; outcome: string; detail: string; order: Order }
  | { kind: "no_payment"; reason: string }
  | { kind: "failed"; error: string; failure: ProviderQueryFailure; httpStatus: number };

const actor = systemActor("janitor");

/**
 * The janitor: an order still CREATED is queried at each step of its schedule. Paid → applied like a
 * callback; closed → closed (both inside runStatusQuery); provider positively has no payment and the order
 * expired → closed; still unknown after the last step → flagged for review. A failed query is not an
 * answer: the order stays open, the next step is scheduled, and the step fails (visible in the jobs
 * list) — it is not retried in place, the schedule is the retry.
 *
 * The order read at the start is not read again before deciding: every write here is a guarded
 * transition, so a callback that paid the order meanwhile wins and the janitor reports it lost.
 */
export const statusQueryJob = defineJob<StatusQueryPayload>({
  type: "order.status-query",
  retrySchedule: () => [],
  async run({ db, signal }, { orderNo, step }) {
    const order = await loadOrder(db, orderNo);
    if (!order) return { skipped: "order not found" };
    if (order.status !== "CREATED") return { skipped: `order is ${order.status}` };
    const answer = await ask(db, order, signal);
    const current = answer.kind === "applied" ? answer.order : order;
    const summary: Record<string, unknown> = { step, result: answer.kind === "applied" ? answer.outcome : answer.kind };
    if (current.status === "CREATED") summary.next = await continueOrGiveUp(db, current, step, answer);
    if (answer.kind === "failed") throw new JobAttemptError(`status query failed: ${answer.error}`, summary, coded("job.status_query_failed", { failure: answer.failure, httpStatus: answer.httpStatus, error: answer.error }));
    return summary;
  },
});

async function ask(db: Db, order: Order, signal: AbortSignal): Promise<QueryAnswer> {
  try {
    const r = await runStatusQuery(db, order, signal);
    if (r.kind === "not_found") return { kind: "no_payment", reason: r.reason };
    return { kind: "applied", outcome: r.apply.outcome, detail: r.apply.detail, order: r.apply.order ?? order };
  } catch (e) {
    return { kind: "failed", ...describeQueryFailure(e) };
  }
}

async function continueOrGiveUp(db: Db, order: Order, step: number, answer: QueryAnswer): Promise<string> {
  const env = getEnv();
  const now = new Date();
  const expired = order.expiresAt !== null && order.expiresAt <= now;
  if (expired && answer.kind === "no_payment") {
    const closed = await db.transaction((tx) => closeOrder(tx, actor, order, { reason: { code: "expired_unpaid", providerAnswer: answer.reason }, via: "janitor" }));
    return closed ? "closed (expired, provider has no payment)" : await lost(db, order, "closed");
  }
  const wait = env.JANITOR_SCHEDULE[step];
  if (wait !== undefined) {
    await scheduleStatusQuery(db, order, step + 1, new Date(now.getTime() + wait));
    return `query again in ${wait}ms`;
  }
  const queries = `${step + 1} status queries`;
  const reason =
    answer.kind === "failed"
      ? `no answer from the provider after ${queries}: ${answer.error}`
      : expired
        ? `expired, but no closing answer from the provider after ${queries}`
        : `no payment confirmation after ${queries}`;
  const reasonCoded: Reason =
    answer.kind === "failed"
      ? coded("order.no_provider_answer", { queries: step + 1, failure: answer.failure, httpStatus: answer.httpStatus, error: answer.error })
      : expired
        ? coded("order.expired_without_close", { queries: step + 1 })
        : coded("order.no_payment_confirmation", { queries: step + 1 });
  const flagged = await db.transaction((tx) => flagOrderForReview(tx, actor, order, { reason, coded: reasonCoded, detail: { step, lastAnswer: answer.kind } }));
  return flagged ? "needs review" : await lost(db, order, "flagged");
}

/** A guarded write found the order changed since it was read: say who won instead of pretending. */
async function lost(db: Db, order: Order, what: "closed" | "flagged"): Promise<string> {
  const now = await loadOrder(db, order.orderNo);
  return `not ${what}: order is ${now?.status ?? "gone"}${now?.needsReview ? " (already flagged)" : ""}`;
}

/**
 * Step 0 runs JANITOR_AFTER after the order was created; step k+1 runs JANITOR_SCHEDULE[k] after step k.
 * One job per (order, step): replaying or racing never doubles a step. It lives beside the job it
 * enqueues, so the job can schedule its own next step without an import cycle.
 */
export function scheduleStatusQuery(tx: Db, order: Pick<Order, "orderNo">, step: number, runAt: Date) {
  return enqueue(tx, statusQueryJob, { orderNo: order.orderNo, step }, { runAt, dedupeKey: `status-query:${order.orderNo}:${step}`, orderNo: order.orderNo });
}
