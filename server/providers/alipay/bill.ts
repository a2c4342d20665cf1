import "server-only";
import { isRecord, parseJsonObject } from "../shared/fields";
import { downloadName, fetchStream, StatementNotReadyError } from "../shared/bill";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import { rawJsonMember } from "../shared/raw-json";
import { verifyRsaSha256 } from "../shared/rsa";
import type { BillAdapter } from "../types";
import { buildAlipayForm } from "./refund";

const METHOD = "alipay.data.dataservice.bill.downloadurl.query";
const RESPONSE_KEY = "alipay_data_dataservice_bill_downloadurl_query_response";

/**
 * alipay.data.dataservice.bill.downloadurl.query (bill_type trade), RSA2-signed like every gateway call; the
 * answer's signature is checked before its bill_download_url is trusted, then the zip is fetched at once
 * (the link lives 30 s). providers.md §6.1.
 */
export const alipayBill: BillAdapter = {
  async download(date, env, signal) {
    const publicKey = env.ALIPAY_PUBLIC_KEY;
    if (!publicKey) throw new ProviderQueryError("not_configured", "alipay not configured: ALIPAY_PUBLIC_KEY unset");
    const form = buildAlipayForm(METHOD, { bill_type: "trade", bill_date: date }, env, new Date());
    const res = await providerFetch(env.ALIPAY_GATEWAY_URL, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" }, body: form.toString() }, env, signal);
    if (res.status !== 200) throw new ProviderQueryError("http_status", `alipay gateway answered HTTP ${res.status}`, res.status);
    const doc = parseJsonObject(res.body);
    const raw = rawJsonMember(res.body, RESPONSE_KEY);
    const response = doc?.[RESPONSE_KEY];
    if (!doc || raw === undefined || !isRecord(response)) throw new ProviderQueryError("unusable", `alipay answer has no ${RESPONSE_KEY}`);
    const code = String(response.code ?? "");
    const subCode = String(response.sub_code ?? "");
    const message = `${code} ${String(response.msg ?? "")} ${subCode} ${String(response.sub_msg ?? "")}`.trim();
    if (code !== "10000" && code !== "40004") throw new ProviderQueryError("provider_error", `${METHOD} failed: ${message}`);
    if (typeof doc.sign !== "string" || !verifyRsaSha256(publicKey, raw, doc.sign)) throw new ProviderQueryError("untrusted", "alipay bill answer signature mismatch");
    // isp.bill_not_exist (账单不存在): not generated yet (before ~10:00 the next day) or no trades that day.
    if (code === "40004") {
      if (/bill_not_exist/i.test(subCode)) throw new StatementNotReadyError(date, `alipay says ${message}`);
      throw new ProviderQueryError("provider_error", `${METHOD} failed: ${message}`);
    }
    const url = response.bill_download_url;
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) throw new ProviderQueryError("unusable", "alipay answer has no bill_download_url");
    const file = await fetchStream(url, { method: "GET" }, env, signal);
    if (file.status !== 200) {
      const text = (await file.text()).slice(0, 200);
      throw new ProviderQueryError("http_status", `alipay bill download answered HTTP ${file.status} ${text}`.trim(), file.status);
    }
    return { fileName: downloadName(file.headers, url, `alipay_${date.replace(/-/g, "")}.csv.zip`), body: file.body };
  },
};
