import "server-only";
import { parseMajorToMinor } from "@/lib/money";
import { parseBeijingTime } from "../shared/beijing-time";
import { MalformedError } from "../shared/verify-result";
import type { PaymentState, ProviderNotification } from "../types";
import { paymentDedupeKey } from "../shared/dedupe-key";

export function alipayState(tradeStatus: string): PaymentState {
  switch (tradeStatus) {
    case "TRADE_SUCCESS":
    case "TRADE_FINISHED":
      return "PAID";
    case "TRADE_CLOSED":
      return "CLOSED";
    case "WAIT_BUYER_PAY":
      return "PENDING";
    default:
      return "OTHER";
  }
}

export function beijingTimeField(params: Map<string, string>, key: string): Date | null {
  const text = params.get(key);
  if (text === undefined || text === "") return null;
  const at = parseBeijingTime(text);
  if (!at) throw new MalformedError(`${key} "${text}" is not yyyy-MM-dd HH:mm:ss`);
  return at;
}

/**
 * One shape for the async notify and the trade query answer, so both produce the same dedupeKey.
 * `paidAtKey` is gmt_payment (notify) or send_pay_date (query).
 */
export function buildAlipayNotification(
  p: Map<string, string>,
  opts: { eventId: string | null; paidAtKey: "gmt_payment" | "send_pay_date"; fallbackEventAtKey?: string },
): ProviderNotification {
  const orderNo = p.get("out_trade_no");
  const tradeStatus = p.get("trade_status");
  const totalAmount = p.get("total_amount");
  if (!orderNo) throw new MalformedError("out_trade_no missing");
  if (!tradeStatus) throw new MalformedError("trade_status missing");
  if (totalAmount === undefined) throw new MalformedError("total_amount missing");
  let amountMinor: number;
  try {
    amountMinor = parseMajorToMinor(totalAmount, "CNY");
  } catch (e) {
    throw new MalformedError(`total_amount: ${(e as Error).message}`);
  }
  const state = alipayState(tradeStatus);
  const tradeNo = p.get("trade_no") || null;
  if (state === "PAID" && !tradeNo) throw new MalformedError("trade_no missing on a paid trade");
  const paidTime = beijingTimeField(p, opts.paidAtKey);
  const fallback = opts.fallbackEventAtKey ? beijingTimeField(p, opts.fallbackEventAtKey) : null;
  const facts: Record<string, unknown> = { total_amount: totalAmount };
  for (const key of ["buyer_id", "buyer_user_id", "buyer_logon_id", "seller_id", "receipt_amount", "buyer_pay_amount", "refund_fee", "gmt_refund", "out_biz_no", "notify_type"]) {
    const v = p.get(key);
    if (v !== undefined && v !== "") facts[key] = v;
  }
  return {
    eventId: opts.eventId,
    dedupeKey: paymentDedupeKey(tradeNo, orderNo, state),
    orderNo,
    transactionId: tradeNo,
    state,
    providerStatus: tradeStatus,
    amountMinor,
    currency: "CNY",
    eventAt: paidTime ?? fallback,
    paidAt: state === "PAID" ? paidTime : null,
    facts,
  };
}
