import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Env } from "@/server/env";
import { createProviderTestKeys, applyProviderTestEnv, type ProviderTestKeys } from "@/test/provider-signers";
import { StatementNotReadyError } from "../shared/bill";
import { parsePublicKey, signRsaSha256, verifyRsaSha256 } from "../shared/rsa";
import { alipayBill } from "./bill";
import { buildAlipaySignContent } from "./sign-content";
import { drainText, stubFetch, type SeenRequest } from "@/test/fetch-stub";
import { queryFailure } from "@/test/provider-errors";

// Alipay's gateway and its bill file host, stood in for by a fetch stub: every answer below is what Alipay
// would send, signed (or not) with the test platform key.

const GATEWAY = "https://openapi.alipay.test/gateway.do";
const KEY = "alipay_data_dataservice_bill_downloadurl_query_response";
const METHOD = "alipay.data.dataservice.bill.downloadurl.query";
const DATE = "2026-11-24";
const FILE_URL = "https://dwbillcenter.alipay.test/downloadBillFile.resource?bizType=trade&fileId=1";

let keys: ProviderTestKeys;
let env: Env;
beforeAll(() => {
  keys = createProviderTestKeys();
  env = applyProviderTestEnv(keys, { ALIPAY_GATEWAY_URL: GATEWAY });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** The gateway's JSON with `response` signed as Alipay signs it (the exact text of the member). */
function signedAnswer(response: unknown, sign?: string): string {
  const text = JSON.stringify(response);
  return `{"${KEY}":${text},"sign":"${sign ?? signRsaSha256(keys.alipay.platform.privateKey, text)}"}`;
}

const gateway = (body: string, status = 200) => new Response(body, { status, headers: { "content-type": "text/html;charset=utf-8" } });
const SUCCESS = { code: "10000", msg: "Success", bill_download_url: FILE_URL };

/** Gateway answers `answer`; the file host answers `file` (default: a zip named by the URL or not at all). */
function stubAlipay(answer: () => Response, file: () => Response = () => new Response("PK-zip-bytes", { status: 200 })): SeenRequest[] {
  return stubFetch((req) => (req.url === GATEWAY ? answer() : file()));
}

describe("alipayBill.download", () => {
  it("posts the signed downloadurl.query for the day's trade bill, then GETs the returned URL", async () => {
    const seen = stubAlipay(() => gateway(signedAnswer(SUCCESS)));
    const { fileName, body } = await alipayBill.download(DATE, env);
    expect(await drainText(body)).toBe("PK-zip-bytes");
    expect(fileName).toBe("alipay_20261124.csv.zip");
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${GATEWAY}`, `GET ${FILE_URL}`]);
    expect(seen[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=utf-8");
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get("method")).toBe(METHOD);
    expect(form.get("app_id")).toBe(keys.alipay.appId);
    expect(JSON.parse(form.get("biz_content")!)).toEqual({ bill_type: "trade", bill_date: DATE });
    const params = [...form].filter(([k]) => k !== "sign");
    expect(verifyRsaSha256(parsePublicKey(keys.alipay.app.publicKey)!, buildAlipaySignContent(params, ["sign"]), form.get("sign")!)).toBe(true);
  });

  it("the file name comes from the download URL's downloadFileName, or Content-Disposition", async () => {
    const url = `https://dwbillcenter.alipay.test/d?downloadFileName=${encodeURIComponent("20881234567890120156_20261124.csv.zip")}`;
    stubAlipay(() => gateway(signedAnswer({ ...SUCCESS, bill_download_url: url })));
    expect((await alipayBill.download(DATE, env)).fileName).toBe("20881234567890120156_20261124.csv.zip");
    stubAlipay(
      () => gateway(signedAnswer(SUCCESS)),
      () => new Response("zip", { status: 200, headers: { "content-disposition": 'attachment; filename="from-header.csv.zip"' } }),
    );
    expect((await alipayBill.download(DATE, env)).fileName).toBe("from-header.csv.zip");
  });

  it("without ALIPAY_PUBLIC_KEY: not_configured, nothing asked", async () => {
    const seen = stubAlipay(() => gateway(signedAnswer(SUCCESS)));
    const e = await queryFailure(alipayBill.download(DATE, { ...env, ALIPAY_PUBLIC_KEY: undefined }));
    expect(e.failure).toBe("not_configured");
    expect(e.message).toBe("alipay not configured: ALIPAY_PUBLIC_KEY unset");
    expect(seen).toEqual([]);
  });

  it("a gateway status other than 200 is http_status", async () => {
    stubAlipay(() => gateway("<html>502 Bad Gateway</html>", 502));
    const e = await queryFailure(alipayBill.download(DATE, env));
    expect([e.failure, e.message, e.status]).toEqual(["http_status", "alipay gateway answered HTTP 502", 502]);
  });

  it("an answer without the response object is unusable", async () => {
    const text = (body: string) => queryFailure((stubAlipay(() => gateway(body)), alipayBill.download(DATE, env)));
    for (const body of ["<html>系统繁忙</html>", '{"sign":"abc"}', `{"${KEY}":"10000","sign":"abc"}`, `{"${KEY}":null}`]) {
      const e = await text(body);
      expect([e.failure, e.message], body).toEqual(["unusable", `alipay answer has no ${KEY}`]);
    }
  });

  it("an error answer (Alipay does not sign those) is provider_error with code, msg, sub_code and sub_msg", async () => {
    const cases: [unknown, string][] = [
      [{ code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" }, "40002 Invalid Arguments isv.invalid-signature 验签出错"],
      [{ code: "20000", msg: "Service Currently Unavailable", sub_code: "isp.unknow-error" }, "20000 Service Currently Unavailable isp.unknow-error"],
      [{ code: "20000", msg: "Service Currently Unavailable" }, "20000 Service Currently Unavailable"],
      [{ code: "40006", sub_code: "isv.insufficient-isv-permissions", sub_msg: "ISV权限不足" }, "40006  isv.insufficient-isv-permissions ISV权限不足"],
      [{}, ""],
    ];
    for (const [response, message] of cases) {
      stubAlipay(() => gateway(`{"${KEY}":${JSON.stringify(response)}}`));
      const e = await queryFailure(alipayBill.download(DATE, env));
      expect([e.failure, e.message], message).toEqual(["provider_error", `${METHOD} failed: ${message}`]);
    }
  });

  it("a success answer whose signature does not verify (or has none) is untrusted, and its URL is not fetched", async () => {
    for (const body of [signedAnswer(SUCCESS, signRsaSha256(keys.alipay.platform.privateKey, "something else")), `{"${KEY}":${JSON.stringify(SUCCESS)}}`]) {
      const seen = stubAlipay(() => gateway(body));
      const e = await queryFailure(alipayBill.download(DATE, env));
      expect([e.failure, e.message]).toEqual(["untrusted", "alipay bill answer signature mismatch"]);
      expect(seen.map((r) => r.url)).toEqual([GATEWAY]);
    }
  });

  it("40004 isp.bill_not_exist (signed) is a StatementNotReadyError; another 40004 is provider_error", async () => {
    stubAlipay(() => gateway(signedAnswer({ code: "40004", msg: "Business Failed", sub_code: "isp.bill_not_exist", sub_msg: "账单不存在" })));
    const e = await queryFailure(alipayBill.download(DATE, env));
    expect(e).toBeInstanceOf(StatementNotReadyError);
    expect(e.message).toBe(`no statement for ${DATE} yet: alipay says 40004 Business Failed isp.bill_not_exist 账单不存在`);

    stubAlipay(() => gateway(signedAnswer({ code: "40004", msg: "Business Failed", sub_code: "isp.invalid-parameter", sub_msg: "参数不合法" })));
    const other = await queryFailure(alipayBill.download(DATE, env));
    expect(other).not.toBeInstanceOf(StatementNotReadyError);
    expect([other.failure, other.message]).toEqual(["provider_error", `${METHOD} failed: 40004 Business Failed isp.invalid-parameter 参数不合法`]);
  });

  it("a 40004 must be signed too", async () => {
    stubAlipay(() => gateway(`{"${KEY}":${JSON.stringify({ code: "40004", msg: "Business Failed", sub_code: "isp.bill_not_exist", sub_msg: "账单不存在" })},"sign":"AAAA"}`));
    const e = await queryFailure(alipayBill.download(DATE, env));
    expect(e.failure).toBe("untrusted");
  });

  it("a success without an http(s) bill_download_url is unusable, and nothing is fetched", async () => {
    for (const url of [undefined, 42, "ftp://files.alipay.test/https://x.zip", "javascript:alert(1)"]) {
      const seen = stubAlipay(() => gateway(signedAnswer({ code: "10000", msg: "Success", bill_download_url: url })));
      const e = await queryFailure(alipayBill.download(DATE, env));
      expect([e.failure, e.message], String(url)).toEqual(["unusable", "alipay answer has no bill_download_url"]);
      expect(seen).toHaveLength(1);
    }
    stubAlipay(() => gateway(signedAnswer({ ...SUCCESS, bill_download_url: "http://dwbillcenter.alipay.test/x" })));
    await expect(alipayBill.download(DATE, env)).resolves.toMatchObject({ fileName: "alipay_20261124.csv.zip" });
  });

  it("the file host answering other than 200 is http_status with the first 200 characters of its text", async () => {
    stubAlipay(
      () => gateway(signedAnswer(SUCCESS)),
      () => new Response("下载超时，请重新下载", { status: 404 }),
    );
    const e = await queryFailure(alipayBill.download(DATE, env));
    expect([e.failure, e.message, e.status]).toEqual(["http_status", "alipay bill download answered HTTP 404 下载超时，请重新下载", 404]);

    stubAlipay(
      () => gateway(signedAnswer(SUCCESS)),
      () => new Response("x".repeat(300), { status: 500 }),
    );
    const long = await queryFailure(alipayBill.download(DATE, env));
    expect(long.message).toBe(`alipay bill download answered HTTP 500 ${"x".repeat(200)}`);

    stubAlipay(
      () => gateway(signedAnswer(SUCCESS)),
      () => new Response("", { status: 410 }),
    );
    const empty = await queryFailure(alipayBill.download(DATE, env));
    expect([empty.message, empty.status]).toEqual(["alipay bill download answered HTTP 410", 410]);
  });
});
