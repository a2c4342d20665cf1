import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refunds } from "@/db/schema";
import type { Provider } from "@/lib/enums";
import type { ProviderNotification, RefundOutcome } from "@/server/providers/types";
import { wechatpayRefundOutcome } from "@/server/providers/wechatpay/refund";
import { settle } from "./execute-refund";

/**
 * A verified refund notification from a provider (WeChat Pay REFUND.SUCCESS / .CLOSED / .ABNORMAL) settles the
 * matching refund, in the caller's transaction (the callback applier's): the same recording as the job's
 * answer, so the order moves through mark-order-refunded on success. Unknown refund numbers, other providers'
 * refunds and refunds already settled change nothing (duplicates happen: WeChat retries for ~24 h).
 */
export async function applyRefundNotification(tx: Db, provider: Provider, n: ProviderNotification): Promise<{ applied: boolean; refundNo: string | null; detail: string }> {
  const refundNo = typeof n.facts.out_refund_no === "string" ? n.facts.out_refund_no : null;
  const status = typeof n.facts.refund_status === "string" ? n.facts.refund_status : null;
  if (!refundNo || !status) return { applied: false, refundNo, detail: "refund notification without out_refund_no/refund_status" };
  const [refund] = await tx.select().from(refunds).where(eq(refunds.refundNo, refundNo)).for("update");
  if (!refund || refund.provider !== provider) return { applied: false, refundNo, detail: `no ${provider} refund ${refundNo} here` };
  if (refund.status !== "approved" && refund.status !== "processing") return { applied: false, refundNo, detail: `refund ${refundNo} already ${refund.status}` };
  let outcome: RefundOutcome;
  try {
    outcome = wechatpayRefundOutcome(status, typeof n.facts.refund_id === "string" ? n.facts.refund_id : null, "");
  } catch {
    return { applied: false, refundNo, detail: `unknown refund status ${status}` };
  }
  const to = await settle(tx, refund, outcome, n.eventAt ?? new Date());
  return { applied: to !== refund.status, refundNo, detail: `refund ${refundNo}: ${refund.status} → ${to} (${status})` };
}
