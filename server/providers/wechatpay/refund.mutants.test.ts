import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Env } from "@/server/env";
import { stubFetch, type SeenRequest } from "@/test/fetch-stub";
import { applyProviderTestEnv, createProviderTestKeys, wechatpayResponseHeaders, type ProviderTestKeys } from "@/test/provider-signers";
import { queryFailure } from "@/test/provider-errors";
import { ProviderQueryError } from "../shared/provider-fetch";
import type { RefundCall } from "../types";
import { wechatpayRefundOutcome, wechatpayRefunds } from "./refund";

// WeChat Pay APIv3 refunds against a `fetch` standing in for api.mch.weixin.qq.com, answers signed with
// the test platform key (or not signed at all).

const BASE = "http://wechat.test";
let keys: ProviderTestKeys;
let env: Env;
let sent: SeenRequest[];
let reply: { status: number; body: string; signed: boolean };

beforeAll(() => {
  keys = createProviderTestKeys({ pairs: 2 });
  env = applyProviderTestEnv(keys, { WECHATPAY_API_BASE_URL: BASE });
});
beforeEach(() => {
  reply = { status: 200, body: "{}", signed: true };
  sent = stubFetch(() => new Response(reply.body, { status: reply.status, headers: reply.signed ? wechatpayResponseHeaders(keys, reply.body) : {} }));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const call = (over: Partial<RefundCall> = {}): RefundCall => ({
  refundNo: "RF20261126WX0001",
  orderNo: "ORD20261126WX01",
  transactionId: "4200000000202611260001",
  amountMinor: 1_230,
  currency: "CNY",
  orderAmountMinor: 5_000,
  reason: "charged_twice",
  ...over,
});

const refundDoc = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ refund_id: "50300000001", out_refund_no: "RF20261126WX0001", out_trade_no: "ORD20261126WX01", status: "SUCCESS", amount: { total: 5_000, refund: 1_230, currency: "CNY" }, ...over });

describe("wechatpay refund request", () => {
  it("refuses a non-CNY refund without asking", async () => {
    expect(await wechatpayRefunds.refund(call({ currency: "USD" }), env)).toEqual({ kind: "failed", providerStatus: "NOT_SENT", code: "currency", message: "wechatpay refunds CNY only, not USD", raw: "" });
    expect(sent).toHaveLength(0);
  });

  it("POSTs the refund as JSON (transaction id when known, reason cut at 80, amounts in fen)", async () => {
    reply = { status: 200, body: refundDoc(), signed: true };
    expect(await wechatpayRefunds.refund(call({ reason: `${"r".repeat(79)}XYZ` }), env)).toEqual({ kind: "succeeded", providerStatus: "SUCCESS", providerRefundId: "50300000001", raw: reply.body });
    const s = sent[0]!;
    expect(s.url).toBe(`${BASE}/v3/refund/domestic/refunds`);
    expect(s.method).toBe("POST");
    expect(s.body).toBe(
      JSON.stringify({ out_trade_no: "ORD20261126WX01", transaction_id: "4200000000202611260001", out_refund_no: "RF20261126WX0001", reason: `${"r".repeat(79)}X`, amount: { refund: 1_230, total: 5_000, currency: "CNY" } }),
    );
    expect(Object.keys(s.headers).sort()).toEqual(["accept", "authorization", "content-type"]);
    expect(s.headers.accept).toBe("application/json");
    expect(s.headers["content-type"]).toBe("application/json");
    expect(s.headers.authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 /);

    await wechatpayRefunds.refund(call({ transactionId: null }), env);
    expect(JSON.parse(sent[1]!.body)).toEqual({ out_trade_no: "ORD20261126WX01", out_refund_no: "RF20261126WX0001", reason: "charged_twice", amount: { refund: 1_230, total: 5_000, currency: "CNY" } });
  });

  it("asks again with a GET on …/refunds/{out_refund_no}, no body, no content-type", async () => {
    reply = { status: 200, body: refundDoc({ out_refund_no: "RF 1/2", status: "PROCESSING" }), signed: true };
    expect(await wechatpayRefunds.queryRefund(call({ refundNo: "RF 1/2" }), env)).toEqual({ kind: "processing", providerStatus: "PROCESSING", providerRefundId: "50300000001", raw: reply.body });
    const s = sent[0]!;
    expect(s.url).toBe(`${BASE}/v3/refund/domestic/refunds/RF%201%2F2`);
    expect(s.method).toBe("GET");
    expect(s.body).toBe("");
    expect(Object.keys(s.headers).sort()).toEqual(["accept", "authorization"]);
  });
});

describe("wechatpay refund errors", () => {
  it.each([500, 503])("an unsigned HTTP %i is retried with the same number", async (status) => {
    reply = { status, body: "<html>busy</html>", signed: false };
    expect(await wechatpayRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: `HTTP ${status}`, code: "SYSTEM_ERROR", message: "unsigned 5xx", raw: "<html>busy</html>" });
  });

  it("any other unsigned answer is not trusted", async () => {
    for (const status of [200, 499]) {
      reply = { status, body: refundDoc(), signed: false };
      const e = await queryFailure(wechatpayRefunds.refund(call(), env));
      expect([e.failure, e.message]).toEqual(["untrusted", "wechatpay refund answer not trusted: missing wechatpay-timestamp header"]);
    }
  });

  it("a signed answer that is not a JSON object is unusable", async () => {
    for (const [status, body] of [[200, "OK"], [400, "[1]"]] as const) {
      reply = { status, body, signed: true };
      const e = await queryFailure(wechatpayRefunds.refund(call(), env));
      expect([e.failure, e.message]).toEqual(["unusable", "wechatpay refund answer is not a JSON object"]);
    }
  });

  it("GET 404 RESOURCE_NOT_EXISTS: the refund never arrived, retry", async () => {
    reply = { status: 404, body: '{"code":"RESOURCE_NOT_EXISTS","message":"退款单不存在"}', signed: true };
    expect(await wechatpayRefunds.queryRefund(call(), env)).toEqual({ kind: "retry", providerStatus: "NOT_FOUND", code: "RESOURCE_NOT_EXISTS", message: "退款单不存在", raw: reply.body });
  });

  it("RESOURCE_NOT_EXISTS on a POST, another 404 code, or another status fails", async () => {
    reply = { status: 404, body: '{"code":"RESOURCE_NOT_EXISTS","message":"订单不存在"}', signed: true };
    expect(await wechatpayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "RESOURCE_NOT_EXISTS", code: "RESOURCE_NOT_EXISTS", message: "订单不存在", raw: reply.body });
    reply = { status: 404, body: '{"code":"ORDER_NOT_EXIST","message":"x"}', signed: true };
    expect(await wechatpayRefunds.queryRefund(call(), env)).toEqual({ kind: "failed", providerStatus: "ORDER_NOT_EXIST", code: "ORDER_NOT_EXIST", message: "x", raw: reply.body });
    reply = { status: 400, body: '{"code":"RESOURCE_NOT_EXISTS","message":"y"}', signed: true };
    expect(await wechatpayRefunds.queryRefund(call(), env)).toEqual({ kind: "failed", providerStatus: "RESOURCE_NOT_EXISTS", code: "RESOURCE_NOT_EXISTS", message: "y", raw: reply.body });
  });

  it("a signed error without code or message: HTTP_<status> and an empty message", async () => {
    reply = { status: 403, body: '{"detail":{}}', signed: true };
    expect(await wechatpayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP_403", code: "HTTP_403", message: "", raw: reply.body });
    reply = { status: 499, body: '{"code":"","message":""}', signed: true };
    expect(await wechatpayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP_499", code: "HTTP_499", message: "", raw: reply.body });
  });

  it.each(["SYSTEM_ERROR", "FREQUENCY_LIMITED", "BIZ_ERR_NEED_RETRY", "NOT_ENOUGH"])("signed %s is retried with the same number", async (code) => {
    reply = { status: 403, body: JSON.stringify({ code, message: "稍后再试" }), signed: true };
    expect(await wechatpayRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: code, code, message: "稍后再试", raw: reply.body });
  });

  it("a signed 5xx with any code is retried; a signed refusal fails", async () => {
    reply = { status: 500, body: '{"code":"INTERNAL","message":"m"}', signed: true };
    expect(await wechatpayRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: "INTERNAL", code: "INTERNAL", message: "m", raw: reply.body });
    reply = { status: 403, body: '{"code":"USER_ACCOUNT_ABNORMAL","message":"退款请求失败"}', signed: true };
    expect(await wechatpayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "USER_ACCOUNT_ABNORMAL", code: "USER_ACCOUNT_ABNORMAL", message: "退款请求失败", raw: reply.body });
  });
});

describe("wechatpay refund answers", () => {
  it("for another refund no (or none) is the wrong order", async () => {
    reply = { status: 200, body: refundDoc({ out_refund_no: "RF-OTHER" }), signed: true };
    let e = await queryFailure(wechatpayRefunds.queryRefund(call(), env));
    expect([e.failure, e.message]).toEqual(["wrong_order", "wechatpay answered for refund RF-OTHER, asked RF20261126WX0001"]);
    reply = { status: 200, body: refundDoc({ out_refund_no: undefined }), signed: true };
    e = await queryFailure(wechatpayRefunds.queryRefund(call(), env));
    expect([e.failure, e.message]).toEqual(["wrong_order", "wechatpay answered for refund (none), asked RF20261126WX0001"]);
  });

  it("another refund amount, or none, is unusable", async () => {
    for (const amount of [{ total: 5_000, refund: 1_231 }, "1230", undefined, null]) {
      reply = { status: 200, body: refundDoc({ amount }), signed: true };
      const e = await queryFailure(wechatpayRefunds.queryRefund(call(), env));
      expect([e.failure, e.message]).toEqual(["unusable", "wechatpay refund amount does not match"]);
    }
  });

  it("maps the refund status; a missing refund_id is null", async () => {
    reply = { status: 200, body: refundDoc({ refund_id: undefined }), signed: true };
    expect(await wechatpayRefunds.queryRefund(call(), env)).toEqual({ kind: "succeeded", providerStatus: "SUCCESS", providerRefundId: null, raw: reply.body });
    reply = { status: 200, body: refundDoc({ status: "CLOSED" }), signed: true };
    expect(await wechatpayRefunds.queryRefund(call(), env)).toEqual({ kind: "failed", providerStatus: "CLOSED", code: "CLOSED", message: "refund closed by WeChat Pay", raw: reply.body });
    reply = { status: 200, body: refundDoc({ status: undefined }), signed: true };
    const e = await queryFailure(wechatpayRefunds.queryRefund(call(), env));
    expect([e.failure, e.message]).toEqual(["unusable", "wechatpay refund status (none)"]);
  });
});

describe("wechatpayRefundOutcome", () => {
  it("SUCCESS, PROCESSING, CLOSED, ABNORMAL", () => {
    expect(wechatpayRefundOutcome("SUCCESS", "503", "raw")).toEqual({ kind: "succeeded", providerStatus: "SUCCESS", providerRefundId: "503", raw: "raw" });
    expect(wechatpayRefundOutcome("PROCESSING", null, "raw")).toEqual({ kind: "processing", providerStatus: "PROCESSING", providerRefundId: null, raw: "raw" });
    expect(wechatpayRefundOutcome("CLOSED", "503", "raw")).toEqual({ kind: "failed", providerStatus: "CLOSED", code: "CLOSED", message: "refund closed by WeChat Pay", raw: "raw" });
    expect(wechatpayRefundOutcome("ABNORMAL", "503", "raw")).toEqual({ kind: "retry", providerStatus: "ABNORMAL", code: "ABNORMAL", message: "user's card or account abnormal: fix in the merchant platform", raw: "raw" });
  });

  it("anything else is unusable", () => {
    for (const [status, message] of [
      ["REFUNDED", "wechatpay refund status REFUNDED"],
      ["success", "wechatpay refund status success"],
      ["", "wechatpay refund status (none)"],
    ]) {
      let e: unknown;
      try {
        wechatpayRefundOutcome(status!, null, "raw");
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(ProviderQueryError);
      expect([(e as ProviderQueryError).failure, (e as ProviderQueryError).message]).toEqual(["unusable", message]);
    }
  });
});
