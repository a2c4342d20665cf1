import "server-only";
import { parseJsonObject, str } from "../shared/fields";
import { fetchStream, hashing, sha1, StatementNotReadyError } from "../shared/bill";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import type { BillAdapter } from "../types";
import { checkWechatpaySignature } from "./check-signature";
import { buildWechatpayAuthorization } from "./sign-request";

// WeChat's codes for "not there yet": 账单生成中 / 账单文件不存在 (bill generated from ~10:00 the next day).
const NOT_READY = new Set(["STATEMENT_CREATING", "NO_STATEMENT_EXIST"]);

/**
 * GET /v3/bill/tradebill?bill_date=…&bill_type=ALL, signed WECHATPAY2-SHA256-RSA2048, answer signature checked;
 * then a signed GET of download_url. The file itself is not signed ("需要跳过验签"): its SHA1 must equal the
 * signed answer's hash_value, checked as the last byte streams by. providers.md §6.2.
 */
export const wechatpayBill: BillAdapter = {
  async download(date, env, signal) {
    const url = new URL("/v3/bill/tradebill", env.WECHATPAY_API_BASE_URL);
    url.searchParams.set("bill_date", date);
    url.searchParams.set("bill_type", "ALL");
    const authorization = buildWechatpayAuthorization({ method: "GET", pathWithQuery: url.pathname + url.search, body: "" }, env, new Date());
    const res = await providerFetch(url.toString(), { method: "GET", headers: { authorization, accept: "application/json" } }, env, signal);
    if (res.status >= 500) throw new ProviderQueryError("http_status", `wechatpay answered HTTP ${res.status}`, res.status);
    const sig = checkWechatpaySignature(res.headers, res.body, env, new Date());
    if (!sig.ok) throw new ProviderQueryError("untrusted", `wechatpay bill answer not trusted: ${sig.reason}`);
    const doc = parseJsonObject(res.body);
    if (!doc) throw new ProviderQueryError("unusable", "wechatpay bill answer is not a JSON object");
    if (res.status !== 200) {
      const code = str(doc, "code") ?? `HTTP ${res.status}`;
      if (NOT_READY.has(code)) throw new StatementNotReadyError(date, `wechatpay says ${code} ${str(doc, "message") ?? ""}`.trim());
      throw new ProviderQueryError("provider_error", `wechatpay tradebill failed: ${code} ${str(doc, "message") ?? ""}`.trim(), res.status);
    }
    const downloadUrl = str(doc, "download_url");
    const hashValue = str(doc, "hash_value")?.toLowerCase();
    if (!downloadUrl || !hashValue || (str(doc, "hash_type") ?? "SHA1").toUpperCase() !== "SHA1") throw new ProviderQueryError("unusable", "wechatpay bill answer lacks download_url or a SHA1 hash_value");
    const target = new URL(downloadUrl);
    const fileAuth = buildWechatpayAuthorization({ method: "GET", pathWithQuery: target.pathname + target.search, body: "" }, env, new Date());
    const file = await fetchStream(target.toString(), { method: "GET", headers: { authorization: fileAuth } }, env, signal);
    if (file.status !== 200) {
      const text = (await file.text()).slice(0, 200);
      throw new ProviderQueryError("http_status", `wechatpay bill download answered HTTP ${file.status} ${text}`.trim(), file.status);
    }
    const body = hashing(file.body, sha1(), (h) => {
      const got = h.digest("hex");
      if (got !== hashValue) throw new ProviderQueryError("untrusted", `wechatpay bill file SHA1 ${got} does not match hash_value ${hashValue}`);
    });
    return { fileName: `${env.WECHATPAY_MCH_ID ?? "wechatpay"}_tradebill_ALL_${date}.csv`, body };
  },
};
