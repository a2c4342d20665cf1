import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refunds, type Refund } from "@/db/schema";
import { executeRefund } from "./execute-refund";

/**
 * The first provider call right after the request (or its approval) committed, so the person at the console
 * sees "succeeded" or "processing" at once, like "Query now". Never inside a transaction; the job enqueued
 * with the request stays the retry path (it finds the refund settled, or asks again with the same refund no;
 * a call racing the job is harmless: same idempotency key, conditional settle). Failures here are not the
 * caller's error: the refund row says what happened.
 */
export async function attemptRefundNow(db: Db, refund: Refund): Promise<Refund> {
  if (refund.status !== "approved") return refund;
  try {
    await executeRefund(db, refund.refundNo);
  } catch {
    // recorded on the refund by executeRefund where possible; the job retries
  }
  const [fresh] = await db.select().from(refunds).where(eq(refunds.refundNo, refund.refundNo));
  return fresh ?? refund;
}
