import "server-only";
import type { Env } from "@/server/env";
import { parseJsonObject, str } from "../shared/fields";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import { MalformedError } from "../shared/verify-result";
import type { OrderRef, QueryResult } from "../types";
import { buildWechatpayNotification } from "./build-notification";
import { checkWechatpaySignature } from "./check-signature";
import { buildWechatpayAuthorization } from "./sign-request";

export async function queryWechatpay(order: OrderRef, env: Env, signal?: AbortSignal): Promise<QueryResult> {
  if (!env.WECHATPAY_MCH_ID) throw new ProviderQueryError("not_configured", "wechatpay not configured: WECHATPAY_MCH_ID unset");
  const url = new URL(`/v3/pay/transactions/out-trade-no/${encodeURIComponent(order.orderNo)}`, env.WECHATPAY_API_BASE_URL);
  url.searchParams.set("mchid", env.WECHATPAY_MCH_ID);
  const pathWithQuery = url.pathname + url.search;
  const authorization = buildWechatpayAuthorization({ method: "GET", pathWithQuery, body: "" }, env, new Date());
  const res = await providerFetch(url.toString(), { method: "GET", headers: { authorization, accept: "application/json" } }, env, signal);
  if (res.status !== 200 && res.status !== 404) throw new ProviderQueryError("http_status", `wechatpay answered HTTP ${res.status}`, res.status);

  // Answers are signed like callbacks; an unsigned "not found" is as untrustworthy as an unsigned "paid".
  const sig = checkWechatpaySignature(res.headers, res.body, env, new Date());
  if (!sig.ok) throw new ProviderQueryError("untrusted", `wechatpay answer not trusted: ${sig.reason}`);
  const doc = parseJsonObject(res.body);
  if (!doc) throw new ProviderQueryError("unusable", "wechatpay answer is not a JSON object");
  if (res.status === 404) {
    if (str(doc, "code") === "ORDER_NOT_EXIST") return { found: false, raw: res.body, reason: `ORDER_NOT_EXIST: ${str(doc, "message") ?? ""}`.trim() };
    throw new ProviderQueryError("provider_error", `wechatpay answered 404 ${str(doc, "code") ?? ""}`.trim(), 404);
  }
  if (str(doc, "mchid") !== env.WECHATPAY_MCH_ID) throw new ProviderQueryError("untrusted", "wechatpay answer mchid does not match WECHATPAY_MCH_ID");
  if (str(doc, "out_trade_no") !== order.orderNo) throw new ProviderQueryError("wrong_order", `wechatpay answered for ${str(doc, "out_trade_no") ?? "(none)"}, asked ${order.orderNo}`);
  try {
    return { found: true, notification: buildWechatpayNotification(doc, { eventId: null, fallbackEventAt: null }), raw: res.body };
  } catch (e) {
    if (e instanceof MalformedError) throw new ProviderQueryError("unusable", `wechatpay answer unusable: ${e.message}`);
    throw e;
  }
}
