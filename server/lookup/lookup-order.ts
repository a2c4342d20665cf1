import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { ORDER_NO_PATTERN, PHONE_LAST4_PATTERN, type LookupAnswerKind } from "@/lib/tickets";
import { issueLookupToken } from "./lookup-token";
import { LOOKUP_LIMITS, takeLookupSlot, type LookupLimits } from "./lookup-throttle";
import { orderSituation, type OrderSituation } from "./order-situation";

/** How soon a paid order is normally updated: what "expect it within N minutes" promises. */
export const EXPECT_MINUTES = 30;

export interface LookupInput {
  orderNo: string;
  phoneLast4: string;
  /** The client address (null when it cannot be trusted). */
  ip: string | null;
}

export type LookupAnswer =
  | { kind: "no_match" }
  | {
      kind: Exclude<LookupAnswerKind, "no_match">;
      orderNo: string;
      amountMinor: number;
      currency: string;
      paidAt: string | null;
      expectMinutes: number;
      /** For the "Get help" form: proves both values matched (lookup-token.ts). */
      token: string;
    };

export type LookupResult = { outcome: "invalid" } | { outcome: "rate_limited" } | { outcome: "answer"; answer: LookupAnswer };

const NO_MATCH: LookupAnswer = Object.freeze({ kind: "no_match" });

/** The last four digits of the order's phone, or a value no input can equal (same length: same comparison cost). */
function expectedDigits(order: OrderSituation["order"]): Buffer {
  const digits = order?.userPhone?.replace(/\D/g, "") ?? "";
  return Buffer.from(digits.length >= 4 ? digits.slice(-4) : "\0\0\0\0", "latin1");
}

/**
 * Proves the caller knows both the order number and the phone's last four digits, and only then says anything
 * about the order. An unknown order number and a wrong phone get the same answer, from the same work: the
 * same queries run (orderSituation does not stop early), and the digits are compared in constant time against
 * a stand-in when there is no order.
 */
export async function checkOrderProof(db: Db, orderNo: string, phoneLast4: string): Promise<OrderSituation | null> {
  const situation = await orderSituation(db, orderNo);
  const matched = timingSafeEqual(expectedDigits(situation.order), Buffer.from(phoneLast4, "latin1"));
  return matched && situation.order ? situation : null;
}

export async function lookupOrder(db: Db, input: LookupInput, now = new Date(), limits: LookupLimits = LOOKUP_LIMITS): Promise<LookupResult> {
  const orderNo = input.orderNo.trim();
  const phoneLast4 = input.phoneLast4.trim();
  if (!ORDER_NO_PATTERN.test(orderNo) || !PHONE_LAST4_PATTERN.test(phoneLast4)) return { outcome: "invalid" };
  if (!(await takeLookupSlot(db, input.ip, orderNo, limits, now))) return { outcome: "rate_limited" };
  const situation = await checkOrderProof(db, orderNo, phoneLast4);
  if (!situation?.order || !situation.kind) return { outcome: "answer", answer: NO_MATCH };
  const o = situation.order;
  return {
    outcome: "answer",
    answer: {
      kind: situation.kind,
      orderNo: o.orderNo,
      amountMinor: o.amountMinor,
      currency: o.currency,
      paidAt: o.paidAt ? o.paidAt.toISOString() : null,
      expectMinutes: EXPECT_MINUTES,
      token: issueLookupToken(o.orderNo, phoneLast4, now),
    },
  };
}
