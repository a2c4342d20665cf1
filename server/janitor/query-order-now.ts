import "server-only";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import { reason as coded, type Reason } from "@/lib/reasons";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError } from "@/server/lib/errors";
import { loadOrder } from "@/server/orders/load-order";
import { describeQueryFailure } from "@/server/providers/shared/provider-fetch";
import { runStatusQuery } from "./run-status-query";

/** The "Query now" button: one status query on demand, applied like any other, audited. */
export async function queryOrderNow(db: Db, actor: Actor, orderNo: string): Promise<{ result: string; detail: string; reason: Reason | null; order: Order }> {
  const order = await loadOrder(db, orderNo);
  if (!order) throw new NotFoundError(`order ${orderNo} not found`);
  let result: string;
  let detail: string;
  let reason: Reason | null = null;
  try {
    const r = await runStatusQuery(db, order);
    result = r.kind === "applied" ? r.apply.outcome : "not_found";
    detail = r.kind === "applied" ? r.apply.detail : r.reason;
    reason = r.kind === "applied" ? r.apply.reason : coded("outcome.provider_has_no_payment", { answer: r.reason });
  } catch (e) {
    const failed = describeQueryFailure(e);
    result = "error";
    detail = `provider query failed: ${failed.error}`;
    reason = coded("outcome.provider_query_failed", failed);
  }
  const after = (await loadOrder(db, orderNo)) ?? order;
  await db.transaction(async (tx) => {
    await writeAudit(tx, actor, {
      action: "order.query_now",
      entityType: "order",
      entityId: orderNo,
      before: { status: order.status },
      after: { status: after.status, result, detail, ...(reason ? { detailCoded: reason } : {}) },
    });
  });
  return { result, detail, reason, order: after };
}
