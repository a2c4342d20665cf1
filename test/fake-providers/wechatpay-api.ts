import { parsePublicKey, verifyRsaSha256 } from "@/server/providers/shared/rsa";
import { wechatpayResponseHeaders, wechatTransaction } from "../provider-signers";
import type { FakeContext, FakeReply } from "./types";

function signed(ctx: FakeContext, status: number, doc: unknown): FakeReply {
  const body = JSON.stringify(doc);
  const headers = wechatpayResponseHeaders(ctx.keys, ctx.tamper ? `${body} ` : body);
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body };
}

/** Checks `Authorization: WECHATPAY2-SHA256-RSA2048 …` with the merchant's public key, as WeChat does. */
export function authorized(ctx: FakeContext): boolean {
  const auth = ctx.headers.authorization ?? "";
  if (!auth.startsWith("WECHATPAY2-SHA256-RSA2048 ")) return false;
  const fields = Object.fromEntries([...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (fields.mchid !== ctx.keys.wechatpay.mchId || fields.serial_no !== ctx.keys.wechatpay.merchantSerial) return false;
  if (Math.abs(Date.now() / 1000 - Number(fields.timestamp)) > 300) return false;
  const message = `${ctx.method}\n${ctx.url.pathname}${ctx.url.search}\n${fields.timestamp}\n${fields.nonce_str}\n${ctx.body}\n`;
  return verifyRsaSha256(parsePublicKey(ctx.keys.wechatpay.merchant.publicKey)!, message, fields.signature ?? "");
}

export function handleWechatpayApi(ctx: FakeContext): FakeReply {
  if (!authorized(ctx)) return signed(ctx, 401, { code: "SIGN_ERROR", message: "签名错误" });
  const m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(ctx.url.pathname);
  if (ctx.method !== "GET" || !m) return signed(ctx, 404, { code: "NOT_FOUND", message: "no such API" });
  if (ctx.url.searchParams.get("mchid") !== ctx.keys.wechatpay.mchId) return signed(ctx, 400, { code: "PARAM_ERROR", message: "mchid mismatch" });
  const orderNo = decodeURIComponent(m[1]!);
  const p = ctx.payments.get(orderNo);
  if (!p) return signed(ctx, 404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
  const tx = wechatTransaction(ctx.keys, { orderNo, transactionId: p.transactionId, amountMinor: p.amountMinor, currency: p.currency, state: p.state, at: p.paidAt ?? new Date() });
  return signed(ctx, 200, tx);
}
