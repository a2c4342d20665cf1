import { createPublicKey } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "@/server/env";
import { useGatewayStub } from "@/test/fetch-stub";
import { applyProviderTestEnv, createProviderTestKeys } from "@/test/provider-signers";
import { queryFailure } from "@/test/provider-errors";
import { ProviderQueryError } from "../shared/provider-fetch";
import { signRsaSha256, verifyRsaSha256 } from "../shared/rsa";
import { buildAlipayQueryForm, queryAlipay } from "./query";

// alipay.trade.query against a `fetch` stub standing in for the Alipay gateway: every answer is hand-made
// (and signed with the test platform key where Alipay signs), so each branch of the adapter is reached.

const keys = createProviderTestKeys({ pairs: 2 });
const GATEWAY = "https://alipay.example.test/gateway.do";
const KEY = "alipay_trade_query_response";
let env: Env;

const gateway = useGatewayStub("text/html;charset=utf-8");

beforeAll(() => {
  env = applyProviderTestEnv(keys, { ALIPAY_GATEWAY_URL: GATEWAY, PROVIDER_QUERY_TIMEOUT: "2s" });
});

const ORDER = "ORD202609150001";
const ref = { orderNo: ORDER, providerTransactionId: null, amountMinor: 1999, currency: "CNY" };

/** Alipay's reply: the response object's exact text, then the platform's RSA2 sign over that text. */
function signed(response: unknown, sign = signRsaSha256(keys.alipay.platform.privateKey, JSON.stringify(response))): string {
  return `{"${KEY}":${JSON.stringify(response)},"sign":"${sign}"}`;
}
const unsigned = (response: unknown) => `{"${KEY}":${JSON.stringify(response)}}`;

async function failure(e: Env = env, o = ref): Promise<{ failure: string; message: string; status?: number }> {
  const q = await queryFailure(queryAlipay(o, e));
  return { failure: q.failure, message: q.message, status: q.status };
}

const paid = {
  code: "10000",
  msg: "Success",
  buyer_logon_id: "180****0062",
  buyer_user_id: "2088102177846880",
  out_trade_no: ORDER,
  total_amount: "19.99",
  receipt_amount: "19.99",
  trade_no: "2026091522001446881234567890",
  trade_status: "TRADE_SUCCESS",
  send_pay_date: "2026-09-15 18:30:12",
  point_amount: 0,
};

describe("buildAlipayQueryForm", () => {
  it("sends exactly the alipay.trade.query parameters, RSA2-signed with the app key (sign_type included)", () => {
    const form = buildAlipayQueryForm(ORDER, env, new Date("2026-09-15T10:30:12Z"));
    const entries = [...form];
    expect(entries.slice(0, -1)).toEqual([
      ["app_id", keys.alipay.appId],
      ["method", "alipay.trade.query"],
      ["format", "JSON"],
      ["charset", "utf-8"],
      ["sign_type", "RSA2"],
      ["timestamp", "2026-09-15 18:30:12"],
      ["version", "1.0"],
      ["biz_content", `{"out_trade_no":"${ORDER}"}`],
    ]);
    expect(entries.at(-1)![0]).toBe("sign");
    const content = `app_id=${keys.alipay.appId}&biz_content={"out_trade_no":"${ORDER}"}&charset=utf-8&format=JSON&method=alipay.trade.query&sign_type=RSA2&timestamp=2026-09-15 18:30:12&version=1.0`;
    expect(verifyRsaSha256(createPublicKey(keys.alipay.app.publicKey), content, form.get("sign")!)).toBe(true);
  });

  it("refuses without an app id or app private key", () => {
    for (const e of [{ ...env, ALIPAY_APP_ID: undefined }, { ...env, ALIPAY_APP_PRIVATE_KEY: undefined }]) {
      let err: unknown;
      try {
        buildAlipayQueryForm(ORDER, e, new Date());
      } catch (x) {
        err = x;
      }
      expect(err).toBeInstanceOf(ProviderQueryError);
      expect(err).toMatchObject({ failure: "not_configured", message: "alipay not configured: ALIPAY_APP_ID/ALIPAY_APP_PRIVATE_KEY unset" });
    }
  });
});

describe("queryAlipay", () => {
  it("POSTs the signed form to the gateway and reports a paid trade exactly", async () => {
    gateway.answer = { body: signed(paid) };
    const r = await queryAlipay(ref, env);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]!.url).toBe(GATEWAY);
    expect(gateway.calls[0]!.method).toBe("POST");
    expect(gateway.calls[0]!.headers).toEqual({ "content-type": "application/x-www-form-urlencoded;charset=utf-8" });
    const sent = new URLSearchParams(gateway.calls[0]!.body);
    expect(sent.get("method")).toBe("alipay.trade.query");
    expect(sent.get("biz_content")).toBe(`{"out_trade_no":"${ORDER}"}`);
    expect(r).toEqual({
      found: true,
      raw: gateway.answer.body,
      notification: {
        eventId: null,
        dedupeKey: "2026091522001446881234567890:PAID",
        orderNo: ORDER,
        transactionId: "2026091522001446881234567890",
        state: "PAID",
        providerStatus: "TRADE_SUCCESS",
        amountMinor: 1999,
        currency: "CNY",
        eventAt: new Date("2026-09-15T10:30:12Z"),
        paidAt: new Date("2026-09-15T10:30:12Z"),
        facts: { total_amount: "19.99", buyer_user_id: "2088102177846880", buyer_logon_id: "180****0062", receipt_amount: "19.99" },
      },
    });
  });

  it("refuses before asking when the Alipay public key is missing", async () => {
    gateway.answer = { body: signed(paid) };
    expect(await failure({ ...env, ALIPAY_PUBLIC_KEY: undefined })).toEqual({
      failure: "not_configured",
      message: "alipay not configured: ALIPAY_PUBLIC_KEY unset",
      status: undefined,
    });
    expect(gateway.calls).toHaveLength(0);
  });

  it("throws http_status on a non-200 answer", async () => {
    gateway.answer = { status: 502, body: signed(paid) };
    expect(await failure()).toEqual({ failure: "http_status", message: "alipay gateway answered HTTP 502", status: 502 });
  });

  it("throws unusable when the answer has no response object", async () => {
    const message = `alipay answer has no ${KEY}`;
    for (const body of ["<html>busy</html>", `{"other_response":{"code":"10000"},"sign":"x"}`, `{"${KEY}":"10000","sign":"x"}`, `{"${KEY}":[1],"sign":"x"}`]) {
      gateway.answer = { body };
      expect(await failure()).toEqual({ failure: "unusable", message, status: undefined });
    }
  });

  it("throws provider_error with code, msg and sub_code for gateway errors (unsigned)", async () => {
    const cases: [unknown, string][] = [
      [{ code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-app-id", sub_msg: "无效的AppID参数" }, "alipay.trade.query failed: 40002 Invalid Arguments isv.invalid-app-id"],
      [{ code: "20000" }, "alipay.trade.query failed: 20000"],
      [{ msg: "x" }, "alipay.trade.query failed:  x"],
      // 40004 is only "not found" with ACQ.TRADE_NOT_EXIST; any other 40004 is an error
      [{ code: "40004", msg: "Business Failed", sub_code: "ACQ.SYSTEM_ERROR" }, "alipay.trade.query failed: 40004 Business Failed ACQ.SYSTEM_ERROR"],
      [{ code: "40004", msg: "Business Failed" }, "alipay.trade.query failed: 40004 Business Failed"],
      // the not-found sub_code under another code is still an error
      [{ code: "20000", msg: "Service Unavailable", sub_code: "ACQ.TRADE_NOT_EXIST" }, "alipay.trade.query failed: 20000 Service Unavailable ACQ.TRADE_NOT_EXIST"],
    ];
    for (const [response, message] of cases) {
      gateway.answer = { body: unsigned(response) };
      expect(await failure()).toEqual({ failure: "provider_error", message, status: undefined });
    }
  });

  it("throws untrusted when a success or not-found answer is unsigned or signed by another key", async () => {
    const notFound = { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST", sub_msg: "交易不存在" };
    for (const body of [unsigned(paid), unsigned(notFound), signed(paid, signRsaSha256(keys.alipay.app.privateKey, JSON.stringify(paid))), `{"${KEY}":${JSON.stringify(notFound)},"sign":7}`]) {
      gateway.answer = { body };
      expect(await failure()).toEqual({ failure: "untrusted", message: "alipay answer signature mismatch", status: undefined });
    }
  });

  it("reports a signed ACQ.TRADE_NOT_EXIST as not found, with Alipay's sub_msg", async () => {
    gateway.answer = { body: signed({ code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST", sub_msg: "交易不存在" }) };
    expect(await queryAlipay(ref, env)).toEqual({ found: false, raw: gateway.answer.body, reason: "ACQ.TRADE_NOT_EXIST: 交易不存在" });
    gateway.answer = { body: signed({ code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST" }) };
    expect(await queryAlipay(ref, env)).toEqual({ found: false, raw: gateway.answer.body, reason: "ACQ.TRADE_NOT_EXIST: trade does not exist" });
  });

  it("throws wrong_order when the signed answer is about another (or no string) out_trade_no", async () => {
    gateway.answer = { body: signed({ ...paid, out_trade_no: "ORD999" }) };
    expect(await failure()).toEqual({ failure: "wrong_order", message: `alipay answered for out_trade_no ORD999, asked ${ORDER}`, status: undefined });
    // only string members count: a numeric out_trade_no is no out_trade_no
    gateway.answer = { body: signed({ ...paid, out_trade_no: 202609150001 }) };
    expect(await failure({ ...env }, { ...ref, orderNo: "202609150001" })).toEqual({
      failure: "wrong_order",
      message: "alipay answered for out_trade_no (none), asked 202609150001",
      status: undefined,
    });
  });

  it("throws unusable with the reason when the signed trade cannot be read", async () => {
    gateway.answer = { body: signed({ ...paid, total_amount: "abc" }) };
    const f = await failure();
    expect(f.failure).toBe("unusable");
    expect(f.message).toMatch(/^alipay answer unusable: total_amount: /);
    gateway.answer = { body: signed({ ...paid, trade_no: "" }) };
    expect(await failure()).toEqual({ failure: "unusable", message: "alipay answer unusable: trade_no missing on a paid trade", status: undefined });
    gateway.answer = { body: signed({ ...paid, send_pay_date: "15/09/2026" }) };
    expect(await failure()).toEqual({ failure: "unusable", message: 'alipay answer unusable: send_pay_date "15/09/2026" is not yyyy-MM-dd HH:mm:ss', status: undefined });
  });
});
