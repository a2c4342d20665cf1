import { createHash } from "node:crypto";
import type { Provider } from "@/lib/enums";
import { buildAlipaySignContent } from "@/server/providers/alipay/sign-content";
import { signSandboxStatement } from "@/server/providers/sandbox/bill";
import { parsePublicKey, signRsaSha256, verifyRsaSha256 } from "@/server/providers/shared/rsa";
import { businessDayBounds } from "@/server/recon/formats/statement-time";
import { wechatpayResponseHeaders } from "../provider-signers";
import type { FakeContext, FakeReply } from "./types";
import { authorized as wechatpayAuthorized } from "./wechatpay-api";

/** One day's statement as a fake provider holds it; `served` (when set) is what the download really returns. */
export interface FakeStatement {
  body: Buffer;
  served?: Buffer;
}

/** The statements the fakes serve, by provider and business day, and Stripe's report runs. */
export class FakeBillStore {
  readonly statements: Record<Provider, Map<string, FakeStatement>> = { alipay: new Map(), wechatpay: new Map(), stripe: new Map(), sandbox: new Map() };
  readonly stripeRuns = new Map<string, { date: string; polls: number }>();
  /** How many GETs a Stripe report run stays pending. */
  stripePendingPolls = 1;
}

const json = (status: number, doc: unknown): FakeReply => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(doc) });
const file = (bytes: Buffer, type = "application/octet-stream"): FakeReply => ({ status: 200, headers: { "content-type": type }, body: bytes });

/** The bill endpoints of all four fakes; undefined = not a bill request (the query/refund handlers take it). */
export function handleBillApis(provider: Provider, ctx: FakeContext, store: FakeBillStore, base: string): FakeReply | undefined {
  const path = ctx.url.pathname;
  const days = store.statements[provider];
  if (provider === "alipay") {
    const dl = /^\/alipay-bill\/(\d{4}-\d{2}-\d{2})$/.exec(path);
    if (dl) {
      const s = days.get(dl[1]!);
      return s ? file(s.served ?? s.body, "application/zip") : { status: 404, headers: { "content-type": "text/plain" }, body: "下载超时，请重新下载" };
    }
    const form = new URLSearchParams(ctx.method === "POST" ? ctx.body : ctx.url.search);
    if (form.get("method") !== "alipay.data.dataservice.bill.downloadurl.query") return undefined;
    return alipayBillAnswer(ctx, form, days, base);
  }
  if (provider === "wechatpay") {
    if (path !== "/v3/bill/tradebill" && path !== "/v3/billdownload/file") return undefined;
    if (!wechatpayAuthorized(ctx)) return wechatSigned(ctx, 401, { code: "SIGN_ERROR", message: "签名错误" });
    if (path === "/v3/billdownload/file") {
      const s = days.get(ctx.url.searchParams.get("token") ?? "");
      // The file itself is not signed (WeChat: "需要跳过验签"); the hash in the signed answer covers it.
      return s ? file(s.served ?? s.body, "text/plain") : json(404, { code: "RESOURCE_NOT_EXISTS", message: "下载链接已失效" });
    }
    const date = ctx.url.searchParams.get("bill_date") ?? "";
    if (ctx.url.searchParams.get("bill_type") !== "ALL") return wechatSigned(ctx, 400, { code: "PARAM_ERROR", message: "bill_type" });
    const s = days.get(date);
    if (!s) return wechatSigned(ctx, 400, { code: "NO_STATEMENT_EXIST", message: "账单文件不存在" });
    const hash = createHash("sha1").update(s.body).digest("hex");
    return wechatSigned(ctx, 200, { hash_type: "SHA1", hash_value: hash, download_url: `${base}/v3/billdownload/file?token=${date}` });
  }
  if (provider === "stripe") {
    if (!path.startsWith("/v1/reporting/") && !path.startsWith("/v1/files/")) return undefined;
    if (ctx.headers.authorization !== `Bearer ${ctx.keys.stripe.secretKey}`) return json(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
    return stripeBillAnswer(ctx, store, base);
  }
  const m = /^\/statements\/(\d{4}-\d{2}-\d{2})$/.exec(path);
  if (!m) return undefined;
  const s = days.get(m[1]!);
  const signed = signSandboxStatement(ctx.tamper ? "not-the-shared-secret" : ctx.keys.sandbox.webhookSecret, m[1]!, s?.body);
  return { ...signed, body: s?.served ?? signed.body };
}

function alipayBillAnswer(ctx: FakeContext, form: URLSearchParams, days: Map<string, FakeStatement>, base: string): FakeReply {
  const key = "alipay_data_dataservice_bill_downloadurl_query_response";
  const answer = (response: Record<string, unknown>): FakeReply => {
    const text = JSON.stringify(response);
    const sign = signRsaSha256(ctx.keys.alipay.platform.privateKey, ctx.tamper ? `${text} ` : text);
    return { status: 200, headers: { "content-type": "text/html;charset=utf-8" }, body: `{"${key}":${text},"sign":"${sign}"}` };
  };
  const params = [...form].filter(([k]) => k !== "sign");
  if (form.get("app_id") !== ctx.keys.alipay.appId || !verifyRsaSha256(parsePublicKey(ctx.keys.alipay.app.publicKey)!, buildAlipaySignContent(params, ["sign"]), form.get("sign") ?? "")) {
    return { status: 200, headers: {}, body: `{"${key}":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature","sub_msg":"验签出错"}}` };
  }
  let biz: { bill_type?: string; bill_date?: string } = {};
  try {
    biz = JSON.parse(form.get("biz_content") ?? "{}") as typeof biz;
  } catch {
    biz = {};
  }
  if (biz.bill_type !== "trade" || !biz.bill_date) return answer({ code: "40004", msg: "Business Failed", sub_code: "isp.invalid-parameter", sub_msg: "参数不合法" });
  if (!days.has(biz.bill_date)) return answer({ code: "40004", msg: "Business Failed", sub_code: "isp.bill_not_exist", sub_msg: "账单不存在" });
  const name = `20881234567890120156_${biz.bill_date.replace(/-/g, "")}.csv.zip`;
  return answer({ code: "10000", msg: "Success", bill_download_url: `${base}/alipay-bill/${biz.bill_date}?downloadFileName=${encodeURIComponent(name)}` });
}

function wechatSigned(ctx: FakeContext, status: number, doc: unknown): FakeReply {
  const body = JSON.stringify(doc);
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...wechatpayResponseHeaders(ctx.keys, ctx.tamper ? `${body} ` : body) }, body };
}

function stripeBillAnswer(ctx: FakeContext, store: FakeBillStore, base: string): FakeReply {
  const path = ctx.url.pathname;
  const days = store.statements.stripe;
  const runDoc = (id: string) => {
    const run = store.stripeRuns.get(id)!;
    const done = run.polls >= store.stripePendingPolls;
    return {
      id,
      object: "reporting.report_run",
      report_type: "balance_change_from_activity.itemized.3",
      status: done ? "succeeded" : "pending",
      result: done ? { id: `file_${id}`, object: "file", filename: `frr_${run.date}.csv`, url: `${base}/v1/files/file_${id}/contents` } : null,
    };
  };
  if (path === "/v1/reporting/report_runs" && ctx.method === "POST") {
    const form = new URLSearchParams(ctx.body);
    if (form.get("report_type") !== "balance_change_from_activity.itemized.3") return json(400, { error: { message: "unknown report_type" } });
    if (!form.getAll("parameters[columns][]").includes("payment_metadata[order_no]")) return json(400, { error: { message: "columns must include payment_metadata[order_no] (fake's check)" } });
    const start = Number(form.get("parameters[interval_start]"));
    const date = [...days.keys()].find((d) => businessDayBounds(d).start.getTime() / 1000 === start);
    if (!date) return json(400, { error: { type: "invalid_request_error", message: "parameters[interval_end] must be less than or equal to data_available_end" } });
    const id = `frr_${store.stripeRuns.size + 1}`;
    store.stripeRuns.set(id, { date, polls: 0 });
    return json(200, runDoc(id));
  }
  const run = /^\/v1\/reporting\/report_runs\/([^/]+)$/.exec(path);
  if (run && store.stripeRuns.has(run[1]!)) {
    store.stripeRuns.get(run[1]!)!.polls++;
    return json(200, runDoc(run[1]!));
  }
  const f = /^\/v1\/files\/file_([^/]+)\/contents$/.exec(path);
  const r = f && store.stripeRuns.get(f[1]!);
  const s = r && days.get(r.date);
  if (s) return file(s.served ?? s.body, "text/csv");
  return json(404, { error: { type: "invalid_request_error", message: "No such file" } });
}
