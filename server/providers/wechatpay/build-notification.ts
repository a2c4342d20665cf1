import "server-only";
import { isCurrencyCode } from "@/lib/money";
import { parseRfc3339 } from "../shared/beijing-time";
import { record, safeInt, str, type Json } from "../shared/fields";
import { MalformedError } from "../shared/verify-result";
import type { PaymentState, ProviderNotification } from "../types";
import { paymentDedupeKey } from "../shared/dedupe-key";

export function wechatpayState(tradeState: string): PaymentState {
  switch (tradeState) {
    case "SUCCESS":
      return "PAID";
    case "CLOSED":
    case "REVOKED":
      return "CLOSED";
    case "PAYERROR":
      return "FAILED";
    case "NOTPAY":
    case "USERPAYING":
    case "ACCEPT":
      return "PENDING";
    default:
      // REFUND ("转入退款") and anything new: recorded, never moves an order.
      return "OTHER";
  }
}

function timeField(obj: Json, key: string): Date | null {
  const text = str(obj, key);
  if (text === undefined) return null;
  const at = parseRfc3339(text);
  if (!at) throw new MalformedError(`${key} "${text.slice(0, 40)}" is not RFC 3339`);
  return at;
}

/** A decrypted callback resource and a query answer are the same `Transaction` object. */
export function buildWechatpayNotification(tx: Json, opts: { eventId: string | null; fallbackEventAt: Date | null }): ProviderNotification {
  const orderNo = str(tx, "out_trade_no");
  const tradeState = str(tx, "trade_state");
  if (!orderNo) throw new MalformedError("out_trade_no missing");
  if (!tradeState) throw new MalformedError("trade_state missing");
  const state = wechatpayState(tradeState);
  const transactionId = str(tx, "transaction_id") ?? null;
  const amount = record(tx, "amount");
  let amountMinor: number | null = null;
  let currency: string | null = null;
  if (amount) {
    const total = safeInt(amount, "total");
    if (total === undefined) throw new MalformedError("amount.total is not an integer number of fen");
    amountMinor = total;
    currency = str(amount, "currency")?.toUpperCase() ?? "CNY";
    if (!isCurrencyCode(currency)) throw new MalformedError(`amount.currency "${currency}" is not ISO-4217`);
  }
  if (state === "PAID" && (!transactionId || amountMinor === null)) throw new MalformedError("paid transaction without transaction_id or amount");
  const successTime = timeField(tx, "success_time");
  if (state === "PAID" && !successTime) throw new MalformedError("success_time missing on a paid transaction");
  const facts: Record<string, unknown> = {};
  for (const key of ["trade_type", "trade_state_desc", "bank_type", "attach", "appid"]) {
    const v = str(tx, key);
    if (v !== undefined) facts[key] = v;
  }
  const openid = str(record(tx, "payer") ?? {}, "openid");
  if (openid) facts.payer_openid = openid;
  if (amount && safeInt(amount, "payer_total") !== undefined) facts.payer_total = safeInt(amount, "payer_total");
  return {
    eventId: opts.eventId,
    dedupeKey: paymentDedupeKey(transactionId, orderNo, state),
    orderNo,
    transactionId,
    state,
    providerStatus: tradeState,
    amountMinor,
    currency,
    eventAt: successTime ?? opts.fallbackEventAt,
    paidAt: state === "PAID" ? successTime : null,
    facts,
  };
}
