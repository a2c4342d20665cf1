import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Env } from "@/server/env";
import { stubFetch, type SeenRequest } from "@/test/fetch-stub";
import { applyProviderTestEnv, createProviderTestKeys, type ProviderTestKeys } from "@/test/provider-signers";
import { queryFailure } from "@/test/provider-errors";
import { parsePublicKey, signRsaSha256, verifyRsaSha256 } from "../shared/rsa";
import type { RefundCall } from "../types";
import { alipayRefunds } from "./refund";
import { buildAlipaySignContent } from "./sign-content";

// alipay.trade.refund / alipay.trade.fastpay.refund.query against a `fetch` standing in for the gateway,
// answering with texts signed by the test platform key.

const GATEWAY = "http://alipay.test/gateway.do";
const REFUND_KEY = "alipay_trade_refund_response";
const QUERY_KEY = "alipay_trade_fastpay_refund_query_response";

let keys: ProviderTestKeys;
let env: Env;
let sent: SeenRequest[];
let reply: { status: number; body: string };

beforeAll(() => {
  keys = createProviderTestKeys({ pairs: 2 });
  env = applyProviderTestEnv(keys, { ALIPAY_GATEWAY_URL: GATEWAY });
});
beforeEach(() => {
  reply = { status: 200, body: "" };
  sent = stubFetch(() => new Response(reply.body, { status: reply.status }));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const call = (over: Partial<RefundCall> = {}): RefundCall => ({
  refundNo: "RF20261126ALI0001",
  orderNo: "ORD20261126ALI01",
  transactionId: "2026112622001400000001",
  amountMinor: 1_230,
  currency: "CNY",
  orderAmountMinor: 5_000,
  reason: "charged_twice",
  ...over,
});

/** `{"<key>":<response>,"sign":"…"}` signed over the response's exact text (or with the given/absent sign). */
function answer(key: string, response: unknown, sign: "good" | "none" | "wrong" = "good"): string {
  const text = JSON.stringify(response);
  if (sign === "none") return `{"${key}":${text}}`;
  const s = signRsaSha256(sign === "good" ? keys.alipay.platform.privateKey : keys.alipay.app.privateKey, text);
  return `{"${key}":${text},"sign":"${s}"}`;
}

/** The form a request posted. */
const formOf = (s: SeenRequest) => new URLSearchParams(s.body);

describe("alipay refund request", () => {
  it("refuses a non-CNY refund without asking Alipay", async () => {
    expect(await alipayRefunds.refund(call({ currency: "USD" }), env)).toEqual({ kind: "failed", providerStatus: "NOT_SENT", code: "currency", message: "alipay refunds in CNY here, not USD", raw: "" });
    expect(sent).toHaveLength(0);
  });

  it("POSTs a form signed RSA2 with the app key, biz_content carrying the refund (reason cut at 256)", async () => {
    reply = { status: 200, body: answer(REFUND_KEY, { code: "10000", msg: "Success", out_trade_no: "ORD20261126ALI01", trade_no: "2026TN1", fund_change: "Y" }) };
    const reason = `${"r".repeat(255)}XYZ`;
    await alipayRefunds.refund(call({ reason }), env);
    expect(sent).toHaveLength(1);
    const s = sent[0]!;
    expect(s.url).toBe(GATEWAY);
    expect(s.method).toBe("POST");
    expect(s.headers).toEqual({ "content-type": "application/x-www-form-urlencoded;charset=utf-8" });
    const form = formOf(s);
    const f = Object.fromEntries(form);
    expect(Object.keys(f).sort()).toEqual(["app_id", "biz_content", "charset", "format", "method", "sign", "sign_type", "timestamp", "version"]);
    expect(f).toMatchObject({ app_id: keys.alipay.appId, method: "alipay.trade.refund", format: "JSON", charset: "utf-8", sign_type: "RSA2", version: "1.0" });
    expect(f.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(f.biz_content).toBe(JSON.stringify({ out_trade_no: "ORD20261126ALI01", out_request_no: "RF20261126ALI0001", refund_amount: "12.30", refund_reason: `${"r".repeat(255)}X` }));
    // Alipay verifies the request over every parameter but sign (sign_type included), sorted
    const content = buildAlipaySignContent([...form].filter(([k]) => k !== "sign"), ["sign"]);
    expect(content).toContain("sign_type=RSA2");
    expect(verifyRsaSha256(parsePublicKey(keys.alipay.app.publicKey)!, content, f.sign!)).toBe(true);
  });

  it("queries with out_trade_no and out_request_no only", async () => {
    reply = { status: 200, body: answer(QUERY_KEY, { code: "10000", msg: "Success", out_trade_no: "ORD20261126ALI01" }) };
    await alipayRefunds.queryRefund(call(), env);
    const f = Object.fromEntries(formOf(sent[0]!));
    expect(f.method).toBe("alipay.trade.fastpay.refund.query");
    expect(f.biz_content).toBe('{"out_trade_no":"ORD20261126ALI01","out_request_no":"RF20261126ALI0001"}');
  });

  it("is not configured without app id, app private key or Alipay's public key", async () => {
    for (const [over, message] of [
      [{ ALIPAY_APP_ID: undefined }, "alipay not configured: ALIPAY_APP_ID/ALIPAY_APP_PRIVATE_KEY unset"],
      [{ ALIPAY_APP_PRIVATE_KEY: undefined }, "alipay not configured: ALIPAY_APP_ID/ALIPAY_APP_PRIVATE_KEY unset"],
      [{ ALIPAY_PUBLIC_KEY: undefined }, "alipay not configured: ALIPAY_PUBLIC_KEY unset"],
    ] as const) {
      const e = await queryFailure(alipayRefunds.queryRefund(call(), { ...env, ...over }));
      expect([e.failure, e.message]).toEqual(["not_configured", message]);
    }
    expect(sent).toHaveLength(0);
  });
});

describe("alipay refund: transport and shape", () => {
  it.each([500, 502])("HTTP %i is retried (outcome unknown)", async (status) => {
    reply = { status, body: "<html>busy</html>" };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: `HTTP ${status}`, code: "http_5xx", message: "gateway unavailable", raw: "<html>busy</html>" });
  });

  it.each([499, 404, 302])("another non-200 (HTTP %i) cannot be used", async (status) => {
    reply = { status, body: "" };
    const e = await queryFailure(alipayRefunds.refund(call(), env));
    expect([e.failure, e.message, e.status]).toEqual(["http_status", `alipay gateway answered HTTP ${status}`, status]);
  });

  it.each([
    ["not JSON", "<html>oops</html>"],
    ["without the response member", '{"error_response":{"code":"40002"},"sign":"x"}'],
    ["with a response that is not an object", `{"${REFUND_KEY}":"10000","sign":"x"}`],
  ])("an answer %s is unusable", async (_label, body) => {
    reply = { status: 200, body };
    const e = await queryFailure(alipayRefunds.refund(call(), env));
    expect([e.failure, e.message]).toEqual(["unusable", `alipay answer has no ${REFUND_KEY}`]);
  });
});

describe("alipay refund: codes", () => {
  it("20000 (unknown outcome, may be unsigned) is retried with sub_code or code", async () => {
    reply = { status: 200, body: answer(REFUND_KEY, { code: "20000", msg: "Service Currently Unavailable", sub_code: "isp.unknow-error", sub_msg: "系统繁忙" }, "none") };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: "20000", code: "isp.unknow-error", message: "Service Currently Unavailable", raw: reply.body });
    reply = { status: 200, body: answer(REFUND_KEY, { code: "20000" }, "none") };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: "20000", code: "20000", message: "", raw: reply.body });
  });

  it("an unsigned gateway error (40002, 40001) fails with sub_code or code", async () => {
    reply = { status: 200, body: answer(REFUND_KEY, { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature" }, "none") };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "40002", code: "isv.invalid-signature", message: "Invalid Arguments", raw: reply.body });
    reply = { status: 200, body: answer(REFUND_KEY, { code: "40001" }, "wrong") };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "40001", code: "40001", message: "", raw: reply.body });
  });

  it("10000 or 40004 must be signed by Alipay", async () => {
    for (const [response, sign] of [
      [{ code: "10000", fund_change: "Y" }, "none"],
      [{ code: "10000", fund_change: "Y" }, "wrong"],
      [{ code: "40004", sub_code: "ACQ.TRADE_HAS_FINISHED" }, "none"],
      [{ code: "40004", sub_code: "ACQ.SYSTEM_ERROR" }, "wrong"],
    ] as const) {
      reply = { status: 200, body: answer(REFUND_KEY, response, sign) };
      const e = await queryFailure(alipayRefunds.refund(call(), env));
      expect([e.failure, e.message]).toEqual(["untrusted", "alipay refund answer signature mismatch"]);
    }
    reply = { status: 200, body: `{"${REFUND_KEY}":{"code":"10000"},"sign":42}` };
    expect((await queryFailure(alipayRefunds.refund(call(), env))).failure).toBe("untrusted");
  });

  it.each(["ACQ.SYSTEM_ERROR", "ACQ.REFUND_CHARGE_ERROR", "ACQ.SELLER_BALANCE_NOT_ENOUGH", "ACQ.REASON_TRADE_BEEN_FREEZEN", "ACQ.REFUNDALLOC_UNAUTH_LIMIT"])("signed 40004 %s is retried with the same number", async (subCode) => {
    reply = { status: 200, body: answer(REFUND_KEY, { code: "40004", msg: "Business Failed", sub_code: subCode, sub_msg: "稍后重试" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: subCode, code: subCode, message: "稍后重试", raw: reply.body });
  });

  it("signed 40004 with another sub code fails; a missing sub_msg is an empty message", async () => {
    reply = { status: 200, body: answer(REFUND_KEY, { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_HAS_FINISHED", sub_msg: "交易已完结" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "ACQ.TRADE_HAS_FINISHED", code: "ACQ.TRADE_HAS_FINISHED", message: "交易已完结", raw: reply.body });
    reply = { status: 200, body: answer(REFUND_KEY, { code: "40004", msg: "Business Failed", sub_code: "ACQ.DISCORDANT_REPEAT_REQUEST" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "ACQ.DISCORDANT_REPEAT_REQUEST", code: "ACQ.DISCORDANT_REPEAT_REQUEST", message: "", raw: reply.body });
    reply = { status: 200, body: answer(REFUND_KEY, { code: "40004", msg: "Business Failed", sub_code: "ACQ.SYSTEM_ERROR" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: "ACQ.SYSTEM_ERROR", code: "ACQ.SYSTEM_ERROR", message: "", raw: reply.body });
  });

  it("another signed code fails with sub_code or code and msg", async () => {
    reply = { status: 200, body: answer(REFUND_KEY, { code: "40006", msg: "Insufficient Permissions", sub_code: "isv.insufficient-isv-permissions" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "40006", code: "isv.insufficient-isv-permissions", message: "Insufficient Permissions", raw: reply.body });
    reply = { status: 200, body: answer(REFUND_KEY, { code: "40003" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "40003", code: "40003", message: "", raw: reply.body });
    reply = { status: 200, body: answer(REFUND_KEY, { msg: "no code" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "", code: "", message: "no code", raw: reply.body });
  });
});

describe("alipay refund: 10000", () => {
  it("for another order is the wrong order; without out_trade_no it is accepted", async () => {
    reply = { status: 200, body: answer(REFUND_KEY, { code: "10000", out_trade_no: "ORD-OTHER", trade_no: "TN", fund_change: "Y" }) };
    const e = await queryFailure(alipayRefunds.refund(call(), env));
    expect([e.failure, e.message]).toEqual(["wrong_order", "alipay answered for ORD-OTHER, asked ORD20261126ALI01"]);
    reply = { status: 200, body: answer(REFUND_KEY, { code: "10000", trade_no: "TN", fund_change: "Y" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "succeeded", providerStatus: "fund_change=Y", providerRefundId: "TN", raw: reply.body });
  });

  it("fund_change=Y succeeded, otherwise processing; refund id = trade_no or our refund no", async () => {
    reply = { status: 200, body: answer(REFUND_KEY, { code: "10000", out_trade_no: "ORD20261126ALI01", fund_change: "Y" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "succeeded", providerStatus: "fund_change=Y", providerRefundId: "RF20261126ALI0001", raw: reply.body });
    reply = { status: 200, body: answer(REFUND_KEY, { code: "10000", out_trade_no: "ORD20261126ALI01", trade_no: "2026TN9", fund_change: "N" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "processing", providerStatus: "fund_change=N", providerRefundId: "2026TN9", raw: reply.body });
    reply = { status: 200, body: answer(REFUND_KEY, { code: "10000", out_trade_no: "ORD20261126ALI01" }) };
    expect(await alipayRefunds.refund(call(), env)).toEqual({ kind: "processing", providerStatus: "fund_change=N", providerRefundId: "RF20261126ALI0001", raw: reply.body });
  });

  it("query: REFUND_SUCCESS with the same amount succeeded, another amount is unusable", async () => {
    reply = { status: 200, body: answer(QUERY_KEY, { code: "10000", out_trade_no: "ORD20261126ALI01", out_request_no: "RF20261126ALI0001", trade_no: "2026TN2", refund_status: "REFUND_SUCCESS", refund_amount: "12.30" }) };
    expect(await alipayRefunds.queryRefund(call(), env)).toEqual({ kind: "succeeded", providerStatus: "REFUND_SUCCESS", providerRefundId: "2026TN2", raw: reply.body });
    reply = { status: 200, body: answer(QUERY_KEY, { code: "10000", refund_status: "REFUND_SUCCESS" }) };
    expect(await alipayRefunds.queryRefund(call(), env)).toEqual({ kind: "succeeded", providerStatus: "REFUND_SUCCESS", providerRefundId: "RF20261126ALI0001", raw: reply.body });
    reply = { status: 200, body: answer(QUERY_KEY, { code: "10000", refund_status: "REFUND_SUCCESS", refund_amount: "12.31" }) };
    const e = await queryFailure(alipayRefunds.queryRefund(call(), env));
    expect([e.failure, e.message]).toEqual(["unusable", "alipay refund amount does not match"]);
  });

  it("query: no refund_status means not received yet (create again with the same out_request_no)", async () => {
    reply = { status: 200, body: answer(QUERY_KEY, { code: "10000", msg: "Success", out_trade_no: "ORD20261126ALI01", out_request_no: "RF20261126ALI0001", fund_change: "Y", refund_amount: "99.00" }) };
    expect(await alipayRefunds.queryRefund(call(), env)).toEqual({ kind: "retry", providerStatus: "NOT_FOUND", code: "refund_status_absent", message: "alipay has no successful refund for this out_request_no yet", raw: reply.body });
  });
});
