import "server-only";
import type { Db } from "@/db/client";
import { takeThrottleSlot } from "@/server/auth/sign-in-throttle";

export interface LookupLimits {
  perAddress: number;
  perOrder: number;
  windowMs: number;
}

/** 10 lookups per client address and 5 per order number in 10 minutes: a person retyping is never near it. */
export const LOOKUP_LIMITS: LookupLimits = { perAddress: 10, perOrder: 5, windowMs: 10 * 60_000 };

/**
 * One slot per client address and per order number, on the sign-in throttle's counters (scopes
 * "lookup_address" and "lookup_order"). The per-order counter is what bounds guessing the four digits of one
 * order from many addresses. Without a trusted client address there is no per-address counter (it would be
 * one counter for everybody, as with sign-in); the per-order counter still holds.
 */
export async function takeLookupSlot(db: Db, ip: string | null, orderNo: string, limits = LOOKUP_LIMITS, now = new Date()): Promise<boolean> {
  if (ip && !(await takeThrottleSlot(db, { scope: "lookup_address", email: "", ipAddress: ip }, limits.perAddress, limits.windowMs, now))) return false;
  return takeThrottleSlot(db, { scope: "lookup_order", email: orderNo, ipAddress: "" }, limits.perOrder, limits.windowMs, now);
}
