import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "@/server/env";
import { useGatewayStub, type GatewayAnswer } from "@/test/fetch-stub";
import { applyProviderTestEnv, createProviderTestKeys, wechatpayResponseHeaders } from "@/test/provider-signers";
import { queryFailure } from "@/test/provider-errors";
import { queryWechatpay } from "./query";

// GET /v3/pay/transactions/out-trade-no/{no} against a `fetch` stub standing in for WeChat Pay: answers are
// hand-made and signed with the test platform key (Wechatpay-* headers) unless a test says otherwise.

const keys = createProviderTestKeys({ pairs: 2 });
const BASE = "https://wechatpay.example.test";
let env: Env;

const gateway = useGatewayStub("application/json");

beforeAll(() => {
  env = applyProviderTestEnv(keys, { WECHATPAY_API_BASE_URL: BASE, PROVIDER_QUERY_TIMEOUT: "2s" });
});

const ORDER = "ORD202609150002";
const ref = { orderNo: ORDER, providerTransactionId: null, amountMinor: 1999, currency: "CNY" };

const signedAnswer = (doc: unknown, status = 200): GatewayAnswer => {
  const body = typeof doc === "string" ? doc : JSON.stringify(doc);
  return { status, body, headers: wechatpayResponseHeaders(keys, body) };
};

async function failure(e: Env = env): Promise<{ failure: string; message: string; status?: number }> {
  const q = await queryFailure(queryWechatpay(ref, e));
  return { failure: q.failure, message: q.message, status: q.status };
}

const tx = {
  mchid: keys.wechatpay.mchId,
  appid: "wxd678efh567hg6787",
  out_trade_no: ORDER,
  transaction_id: "4200002345202609150000000001",
  trade_type: "JSAPI",
  trade_state: "SUCCESS",
  trade_state_desc: "支付成功",
  bank_type: "OTHERS",
  payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
  amount: { total: 1999, payer_total: 1999, currency: "CNY", payer_currency: "CNY" },
  success_time: "2026-09-15T18:30:12+08:00",
};

describe("queryWechatpay", () => {
  it("asks by out-trade-no with mchid, signed, accepting JSON, and reports the transaction exactly", async () => {
    gateway.answer = signedAnswer(tx);
    const r = await queryWechatpay(ref, env);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]!.url).toBe(`${BASE}/v3/pay/transactions/out-trade-no/${ORDER}?mchid=${keys.wechatpay.mchId}`);
    expect(gateway.calls[0]!.method).toBe("GET");
    const headers = gateway.calls[0]!.headers;
    expect(Object.keys(headers).sort()).toEqual(["accept", "authorization"]);
    expect(headers.accept).toBe("application/json");
    expect(headers.authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",/);
    expect(r).toEqual({
      found: true,
      raw: gateway.answer.body,
      notification: {
        eventId: null,
        dedupeKey: "4200002345202609150000000001:PAID",
        orderNo: ORDER,
        transactionId: "4200002345202609150000000001",
        state: "PAID",
        providerStatus: "SUCCESS",
        amountMinor: 1999,
        currency: "CNY",
        eventAt: new Date("2026-09-15T10:30:12Z"),
        paidAt: new Date("2026-09-15T10:30:12Z"),
        facts: { trade_type: "JSAPI", trade_state_desc: "支付成功", bank_type: "OTHERS", appid: "wxd678efh567hg6787", payer_openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", payer_total: 1999 },
      },
    });
  });

  it("refuses before asking without a merchant id", async () => {
    gateway.answer = signedAnswer(tx);
    expect(await failure({ ...env, WECHATPAY_MCH_ID: undefined })).toEqual({ failure: "not_configured", message: "wechatpay not configured: WECHATPAY_MCH_ID unset", status: undefined });
    expect(gateway.calls).toHaveLength(0);
  });

  it("throws http_status on statuses other than 200 and 404", async () => {
    gateway.answer = signedAnswer(tx, 500);
    expect(await failure()).toEqual({ failure: "http_status", message: "wechatpay answered HTTP 500", status: 500 });
  });

  it("throws untrusted with the signature check's reason", async () => {
    gateway.answer = { body: JSON.stringify(tx) };
    expect(await failure()).toEqual({ failure: "untrusted", message: "wechatpay answer not trusted: missing wechatpay-timestamp header", status: undefined });
    // an unsigned 404 is no more trustworthy than an unsigned 200
    gateway.answer = { status: 404, body: JSON.stringify({ code: "ORDER_NOT_EXIST", message: "订单不存在" }) };
    expect(await failure()).toEqual({ failure: "untrusted", message: "wechatpay answer not trusted: missing wechatpay-timestamp header", status: undefined });
  });

  it("throws unusable on a signed answer that is not a JSON object", async () => {
    for (const body of ["not json", "[]"]) {
      gateway.answer = signedAnswer(body);
      expect(await failure()).toEqual({ failure: "unusable", message: "wechatpay answer is not a JSON object", status: undefined });
    }
  });

  it("reports a signed ORDER_NOT_EXIST 404 as not found", async () => {
    gateway.answer = signedAnswer({ code: "ORDER_NOT_EXIST", message: "订单不存在" }, 404);
    expect(await queryWechatpay(ref, env)).toEqual({ found: false, raw: gateway.answer.body, reason: "ORDER_NOT_EXIST: 订单不存在" });
    gateway.answer = signedAnswer({ code: "ORDER_NOT_EXIST" }, 404);
    expect(await queryWechatpay(ref, env)).toEqual({ found: false, raw: gateway.answer.body, reason: "ORDER_NOT_EXIST:" });
  });

  it("throws provider_error on any other 404", async () => {
    gateway.answer = signedAnswer({ code: "RESOURCE_NOT_EXISTS", message: "x" }, 404);
    expect(await failure()).toEqual({ failure: "provider_error", message: "wechatpay answered 404 RESOURCE_NOT_EXISTS", status: 404 });
    gateway.answer = signedAnswer({ message: "x" }, 404);
    expect(await failure()).toEqual({ failure: "provider_error", message: "wechatpay answered 404", status: 404 });
  });

  it("throws untrusted when the answer is for another merchant", async () => {
    gateway.answer = signedAnswer({ ...tx, mchid: "1900000999" });
    expect(await failure()).toEqual({ failure: "untrusted", message: "wechatpay answer mchid does not match WECHATPAY_MCH_ID", status: undefined });
  });

  it("throws wrong_order when the answer is about another order", async () => {
    gateway.answer = signedAnswer({ ...tx, out_trade_no: "ORD999" });
    expect(await failure()).toEqual({ failure: "wrong_order", message: `wechatpay answered for ORD999, asked ${ORDER}`, status: undefined });
    const { out_trade_no: _dropped, ...noOrder } = tx;
    gateway.answer = signedAnswer(noOrder);
    expect(await failure()).toEqual({ failure: "wrong_order", message: `wechatpay answered for (none), asked ${ORDER}`, status: undefined });
  });

  it("throws unusable with the reason when the transaction cannot be read", async () => {
    gateway.answer = signedAnswer({ ...tx, amount: { total: "1999" } });
    expect(await failure()).toEqual({ failure: "unusable", message: "wechatpay answer unusable: amount.total is not an integer number of fen", status: undefined });
    gateway.answer = signedAnswer({ ...tx, trade_state: undefined });
    expect(await failure()).toEqual({ failure: "unusable", message: "wechatpay answer unusable: trade_state missing", status: undefined });
  });
});
