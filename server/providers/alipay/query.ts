import "server-only";
import type { Env } from "@/server/env";
import { formatBeijingTime } from "../shared/beijing-time";
import { isRecord, parseJsonObject } from "../shared/fields";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import { rawJsonMember } from "../shared/raw-json";
import { signRsaSha256, verifyRsaSha256 } from "../shared/rsa";
import { MalformedError } from "../shared/verify-result";
import type { OrderRef, QueryResult } from "../types";
import { buildAlipayNotification } from "./build-notification";
import { buildAlipaySignContent } from "./sign-content";

const RESPONSE_KEY = "alipay_trade_query_response";

/** alipay.trade.query request parameters, signed RSA2 with the app private key (sign_type is signed too). */
export function buildAlipayQueryForm(orderNo: string, env: Env, now: Date): URLSearchParams {
  const key = env.ALIPAY_APP_PRIVATE_KEY;
  if (!env.ALIPAY_APP_ID || !key) throw new ProviderQueryError("not_configured", "alipay not configured: ALIPAY_APP_ID/ALIPAY_APP_PRIVATE_KEY unset");
  const params: [string, string][] = [
    ["app_id", env.ALIPAY_APP_ID],
    ["method", "alipay.trade.query"],
    ["format", "JSON"],
    ["charset", "utf-8"],
    ["sign_type", "RSA2"],
    ["timestamp", formatBeijingTime(now)],
    ["version", "1.0"],
    ["biz_content", JSON.stringify({ out_trade_no: orderNo })],
  ];
  const sign = signRsaSha256(key, buildAlipaySignContent(params, ["sign"]));
  return new URLSearchParams([...params, ["sign", sign]]);
}

export async function queryAlipay(order: OrderRef, env: Env, signal?: AbortSignal): Promise<QueryResult> {
  const publicKey = env.ALIPAY_PUBLIC_KEY;
  if (!publicKey) throw new ProviderQueryError("not_configured", "alipay not configured: ALIPAY_PUBLIC_KEY unset");
  const form = buildAlipayQueryForm(order.orderNo, env, new Date());
  const res = await providerFetch(
    env.ALIPAY_GATEWAY_URL,
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" }, body: form.toString() },
    env,
    signal,
  );
  if (res.status !== 200) throw new ProviderQueryError("http_status", `alipay gateway answered HTTP ${res.status}`, res.status);
  const doc = parseJsonObject(res.body);
  const rawResponse = rawJsonMember(res.body, RESPONSE_KEY);
  const response = doc?.[RESPONSE_KEY];
  if (!doc || rawResponse === undefined || !isRecord(response)) throw new ProviderQueryError("unusable", `alipay answer has no ${RESPONSE_KEY}`);
  const code = String(response.code ?? "");
  const subCode = String(response.sub_code ?? "");
  if (code !== "10000" && !(code === "40004" && subCode === "ACQ.TRADE_NOT_EXIST")) {
    // Gateway-level errors (bad app id, bad request signature) come unsigned; nothing in them to trust anyway.
    throw new ProviderQueryError("provider_error", `alipay.trade.query failed: ${code} ${String(response.msg ?? "")} ${subCode}`.trim());
  }
  const sign = doc.sign;
  if (typeof sign !== "string" || !verifyRsaSha256(publicKey, rawResponse, sign)) {
    throw new ProviderQueryError("untrusted", "alipay answer signature mismatch");
  }
  if (code === "40004") return { found: false, raw: res.body, reason: `ACQ.TRADE_NOT_EXIST: ${String(response.sub_msg ?? "trade does not exist")}` };

  const fields = new Map<string, string>();
  for (const [k, v] of Object.entries(response)) if (typeof v === "string") fields.set(k, v);
  if (fields.get("out_trade_no") !== order.orderNo) {
    throw new ProviderQueryError("wrong_order", `alipay answered for out_trade_no ${fields.get("out_trade_no") ?? "(none)"}, asked ${order.orderNo}`);
  }
  try {
    const notification = buildAlipayNotification(fields, { eventId: null, paidAtKey: "send_pay_date" });
    return { found: true, notification, raw: res.body };
  } catch (e) {
    if (e instanceof MalformedError) throw new ProviderQueryError("unusable", `alipay answer unusable: ${e.message}`);
    throw e;
  }
}
