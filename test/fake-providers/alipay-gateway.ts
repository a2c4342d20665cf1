import { minorToMajorString } from "@/lib/money";
import { buildAlipaySignContent } from "@/server/providers/alipay/sign-content";
import { formatBeijingTime } from "@/server/providers/shared/beijing-time";
import { parsePublicKey, signRsaSha256, verifyRsaSha256 } from "@/server/providers/shared/rsa";
import { alipayTradeStatus } from "../provider-signers";
import type { FakeContext, FakeReply } from "./types";

const KEY = "alipay_trade_query_response";

function answer(ctx: FakeContext, response: Record<string, unknown>, signed: boolean): FakeReply {
  const text = JSON.stringify(response);
  const sign = signRsaSha256(ctx.keys.alipay.platform.privateKey, ctx.tamper ? text.replace(/"code"/, '"code" ') : text);
  return {
    status: 200,
    headers: { "content-type": "text/html;charset=utf-8" },
    // Alipay's reply: the signed response object's exact text, then the sign.
    body: signed ? `{"${KEY}":${text},"sign":"${sign}"}` : `{"${KEY}":${text}}`,
  };
}

/** alipay.trade.query on the gateway: checks the app's RSA2 request signature like Alipay does. */
export function handleAlipayGateway(ctx: FakeContext): FakeReply {
  const form = new URLSearchParams(ctx.method === "POST" ? ctx.body : ctx.url.search);
  const params = [...form].filter(([k]) => k !== "sign");
  const key = parsePublicKey(ctx.keys.alipay.app.publicKey)!;
  if (form.get("app_id") !== ctx.keys.alipay.appId) {
    return answer(ctx, { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-app-id", sub_msg: "无效的AppID参数" }, false);
  }
  if (form.get("sign_type") !== "RSA2" || !verifyRsaSha256(key, buildAlipaySignContent(params, ["sign"]), form.get("sign") ?? "")) {
    return answer(ctx, { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" }, false);
  }
  if (form.get("method") !== "alipay.trade.query") {
    return answer(ctx, { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-method", sub_msg: "不存在的方法名" }, false);
  }
  let orderNo: string | undefined;
  try {
    orderNo = (JSON.parse(form.get("biz_content") ?? "{}") as { out_trade_no?: string }).out_trade_no;
  } catch {
    orderNo = undefined;
  }
  const p = orderNo ? ctx.payments.get(orderNo) : undefined;
  if (!orderNo || !p) {
    return answer(ctx, { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST", sub_msg: "交易不存在", out_trade_no: orderNo ?? "" }, true);
  }
  const amount = minorToMajorString(p.amountMinor, "CNY");
  const response: Record<string, unknown> = {
    code: "10000",
    msg: "Success",
    buyer_logon_id: "180****0062",
    buyer_pay_amount: p.state === "PAID" ? amount : "0.00",
    buyer_user_id: "2088102177846880",
    invoice_amount: p.state === "PAID" ? amount : "0.00",
    out_trade_no: orderNo,
    point_amount: "0.00",
    receipt_amount: p.state === "PAID" ? amount : "0.00",
    total_amount: amount,
    trade_no: p.transactionId,
    // Alipay has no "failed" trade; an unpaid trade ends closed.
    trade_status: alipayTradeStatus(p.state === "FAILED" ? "CLOSED" : p.state),
  };
  if (p.state === "PAID" && p.paidAt) response.send_pay_date = formatBeijingTime(p.paidAt);
  return answer(ctx, response, true);
}
