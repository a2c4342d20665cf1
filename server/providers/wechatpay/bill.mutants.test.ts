import { createHash } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Env } from "@/server/env";
import { applyProviderTestEnv, createProviderTestKeys, wechatpayResponseHeaders, type ProviderTestKeys } from "@/test/provider-signers";
import { StatementNotReadyError } from "../shared/bill";
import { wechatpayBill } from "./bill";
import { drainText, stubFetch, type SeenRequest } from "@/test/fetch-stub";
import { queryFailure } from "@/test/provider-errors";

// WeChat Pay's API stood in for by a fetch stub; answers are signed with the test platform key like WeChat's.

const API = "https://api.mch.wechatpay.test";
const DATE = "2026-11-24";
const CSV = "交易时间,公众账号ID\n`2026-11-24 10:00:00,`wx123\n";
const SHA1 = createHash("sha1").update(CSV, "utf8").digest("hex");
const DOWNLOAD = `${API}/v3/billdownload/file?token=abc`;

let keys: ProviderTestKeys;
let env: Env;
beforeAll(() => {
  keys = createProviderTestKeys();
  env = applyProviderTestEnv(keys, { WECHATPAY_API_BASE_URL: API });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const signed = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "application/json", ...wechatpayResponseHeaders(keys, body) } });
const signedJson = (status: number, doc: unknown) => signed(status, JSON.stringify(doc));
const OK = { hash_type: "SHA1", hash_value: SHA1, download_url: DOWNLOAD };

function stubWechat(answer: () => Response, file: () => Response = () => new Response(CSV, { status: 200 })): SeenRequest[] {
  return stubFetch((req) => (req.url.startsWith(`${API}/v3/bill/tradebill`) ? answer() : file()));
}

describe("wechatpayBill.download", () => {
  it("asks tradebill for the day (signed, JSON), then GETs download_url signed; the file checks against hash_value", async () => {
    const seen = stubWechat(() => signedJson(200, OK));
    const { fileName, body } = await wechatpayBill.download(DATE, env);
    expect(fileName).toBe(`${keys.wechatpay.mchId}_tradebill_ALL_${DATE}.csv`);
    expect(await drainText(body)).toBe(CSV);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${API}/v3/bill/tradebill?bill_date=${DATE}&bill_type=ALL`, `GET ${DOWNLOAD}`]);
    expect(seen[0]!.headers.accept).toBe("application/json");
    for (const r of seen) expect(r.headers.authorization).toMatch(new RegExp(`^WECHATPAY2-SHA256-RSA2048 mchid="${keys.wechatpay.mchId}",`));
  });

  it("hash_type may be absent (SHA1 is the default) or lower case, hash_value upper case", async () => {
    stubWechat(() => signedJson(200, { hash_value: SHA1, download_url: DOWNLOAD }));
    expect(await drainText((await wechatpayBill.download(DATE, env)).body)).toBe(CSV);
    stubWechat(() => signedJson(200, { hash_type: "sha1", hash_value: SHA1.toUpperCase(), download_url: DOWNLOAD }));
    expect(await drainText((await wechatpayBill.download(DATE, env)).body)).toBe(CSV);
  });

  it("a file whose SHA1 differs from hash_value is untrusted once its body ended", async () => {
    const other = createHash("sha1").update("something else").digest("hex");
    stubWechat(() => signedJson(200, { ...OK, hash_value: other }));
    const { body } = await wechatpayBill.download(DATE, env);
    const e = await queryFailure(drainText(body));
    expect([e.failure, e.message]).toEqual(["untrusted", `wechatpay bill file SHA1 ${SHA1} does not match hash_value ${other}`]);
  });

  it("a 5xx is http_status before any signature check (WeChat's gateway errors are unsigned)", async () => {
    for (const status of [500, 503]) {
      stubWechat(() => new Response("<html>Internal Server Error</html>", { status }));
      const e = await queryFailure(wechatpayBill.download(DATE, env));
      expect([e.failure, e.message, e.status]).toEqual(["http_status", `wechatpay answered HTTP ${status}`, status]);
    }
  });

  it("an unsigned 4xx is untrusted", async () => {
    stubWechat(() => new Response(JSON.stringify({ code: "NO_STATEMENT_EXIST", message: "账单文件不存在" }), { status: 400 }));
    const e = await queryFailure(wechatpayBill.download(DATE, env));
    expect([e.failure, e.message]).toEqual(["untrusted", "wechatpay bill answer not trusted: missing wechatpay-timestamp header"]);
  });

  it("a signed answer that is not a JSON object is unusable", async () => {
    for (const body of ["[]", "not json", "null"]) {
      stubWechat(() => signed(200, body));
      const e = await queryFailure(wechatpayBill.download(DATE, env));
      expect([e.failure, e.message], body).toEqual(["unusable", "wechatpay bill answer is not a JSON object"]);
    }
  });

  it("STATEMENT_CREATING and NO_STATEMENT_EXIST are StatementNotReadyError", async () => {
    stubWechat(() => signedJson(400, { code: "NO_STATEMENT_EXIST", message: "账单文件不存在" }));
    const e = await queryFailure(wechatpayBill.download(DATE, env));
    expect(e).toBeInstanceOf(StatementNotReadyError);
    expect(e.message).toBe(`no statement for ${DATE} yet: wechatpay says NO_STATEMENT_EXIST 账单文件不存在`);

    stubWechat(() => signedJson(400, { code: "STATEMENT_CREATING" }));
    const creating = await queryFailure(wechatpayBill.download(DATE, env));
    expect(creating).toBeInstanceOf(StatementNotReadyError);
    expect(creating.message).toBe(`no statement for ${DATE} yet: wechatpay says STATEMENT_CREATING`);
  });

  it("other signed error answers are provider_error with code and message (HTTP status when no code)", async () => {
    const cases: [number, unknown, string][] = [
      [400, { code: "PARAM_ERROR", message: "bill_date 格式错误" }, "wechatpay tradebill failed: PARAM_ERROR bill_date 格式错误"],
      [403, { code: "NO_AUTH" }, "wechatpay tradebill failed: NO_AUTH"],
      [429, { message: "频率超限" }, "wechatpay tradebill failed: HTTP 429 频率超限"],
      [404, {}, "wechatpay tradebill failed: HTTP 404"],
    ];
    for (const [status, doc, message] of cases) {
      stubWechat(() => signedJson(status, doc));
      const e = await queryFailure(wechatpayBill.download(DATE, env));
      expect(e).not.toBeInstanceOf(StatementNotReadyError);
      expect([e.failure, e.message, e.status]).toEqual(["provider_error", message, status]);
    }
  });

  it("a 200 without download_url or a SHA1 hash_value is unusable, nothing fetched", async () => {
    const docs = [
      { hash_type: "SHA1", hash_value: SHA1 },
      { hash_type: "SHA1", download_url: DOWNLOAD },
      { hash_type: "SHA1", hash_value: "", download_url: DOWNLOAD },
      { hash_type: "MD5", hash_value: SHA1, download_url: DOWNLOAD },
    ];
    for (const doc of docs) {
      const seen = stubWechat(() => signedJson(200, doc));
      const e = await queryFailure(wechatpayBill.download(DATE, env));
      expect([e.failure, e.message], JSON.stringify(doc)).toEqual(["unusable", "wechatpay bill answer lacks download_url or a SHA1 hash_value"]);
      expect(seen).toHaveLength(1);
    }
  });

  it("the download answering other than 200 is http_status with the first 200 characters of its text", async () => {
    const expired = JSON.stringify({ code: "RESOURCE_NOT_EXISTS", message: "下载链接已失效" });
    stubWechat(
      () => signedJson(200, OK),
      () => new Response(expired, { status: 404 }),
    );
    const e = await queryFailure(wechatpayBill.download(DATE, env));
    expect([e.failure, e.message, e.status]).toEqual(["http_status", `wechatpay bill download answered HTTP 404 ${expired}`, 404]);

    stubWechat(
      () => signedJson(200, OK),
      () => new Response("y".repeat(250), { status: 500 }),
    );
    expect((await queryFailure(wechatpayBill.download(DATE, env))).message).toBe(`wechatpay bill download answered HTTP 500 ${"y".repeat(200)}`);

    stubWechat(
      () => signedJson(200, OK),
      () => new Response(null, { status: 403 }),
    );
    const empty = await queryFailure(wechatpayBill.download(DATE, env));
    expect([empty.message, empty.status]).toEqual(["wechatpay bill download answered HTTP 403", 403]);
  });
});
