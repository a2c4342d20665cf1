import "server-only";
import type { Env } from "@/server/env";
import { businessDayBounds } from "@/server/recon/formats/statement-time";
import { STRIPE_COLUMNS } from "@/server/recon/formats/stripe-statement";
import { isRecord, parseJsonObject, str, type Json } from "../shared/fields";
import { fetchStream, StatementNotReadyError } from "../shared/bill";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import type { BillAdapter } from "../types";

export const STRIPE_REPORT_TYPE = "balance_change_from_activity.itemized.3";

/** Waits between asks for the run: quick at first (small days finish in seconds), then every 10 s, ~5 min in all. */
const POLL_MS = [250, 500, 1_000, 2_000, 4_000, ...Array<number>(29).fill(10_000)];

function auth(env: Env): Record<string, string> {
  if (!env.STRIPE_SECRET_KEY) throw new ProviderQueryError("not_configured", "stripe not configured: STRIPE_SECRET_KEY unset");
  return { authorization: `Bearer ${env.STRIPE_SECRET_KEY}`, accept: "application/json" };
}

function stripeError(doc: Json | undefined): string {
  const err = isRecord(doc?.error) ? doc.error : undefined;
  return (err && str(err, "message")) ?? "";
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Reports API (providers.md §6.3): POST /v1/reporting/report_runs for the business day's UTC interval with our
 * columns (payment/refund metadata included), poll GET /v1/reporting/report_runs/{id} until succeeded (bounded,
 * abortable), then GET result.url with the secret key. Stripe answers over TLS, unsigned, like its other APIs.
 */
export const stripeBill: BillAdapter = {
  async download(date, env, signal) {
    const headers = auth(env);
    const { start, end } = businessDayBounds(date, env.BUSINESS_TIMEZONE);
    const form = new URLSearchParams({
      report_type: STRIPE_REPORT_TYPE,
      "parameters[interval_start]": String(start.getTime() / 1000),
      "parameters[interval_end]": String(end.getTime() / 1000),
      "parameters[timezone]": "Etc/UTC",
    });
    for (const c of STRIPE_COLUMNS) form.append("parameters[columns][]", c);
    const created = await providerFetch(new URL("/v1/reporting/report_runs", env.STRIPE_API_BASE_URL).toString(), { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }, env, signal);
    let run = parseJsonObject(created.body);
    if (created.status !== 200) {
      const message = stripeError(run);
      // interval_end past data_available_end: the day's balance data is not complete yet.
      if (created.status === 400 && /data_available_end/.test(message)) throw new StatementNotReadyError(date, `stripe says ${message}`);
      throw new ProviderQueryError("http_status", `stripe report run answered HTTP ${created.status} ${message}`.trim(), created.status);
    }
    const id = run && str(run, "id");
    if (!id || str(run!, "object") !== "reporting.report_run") throw new ProviderQueryError("unusable", "stripe answer is not a report run");
    for (let i = 0; ; i++) {
      const status = str(run!, "status");
      if (status === "succeeded") break;
      if (status === "failed") throw new ProviderQueryError("provider_error", `stripe report run ${id} failed: ${str(run!, "error") ?? "no reason given"}`);
      if (status !== "pending") throw new ProviderQueryError("unusable", `stripe report run ${id} is ${status ?? "(no status)"}`);
      if (i >= POLL_MS.length) throw new StatementNotReadyError(date, `stripe report run ${id} still pending`);
      await sleep(POLL_MS[i]!, signal);
      const res = await providerFetch(new URL(`/v1/reporting/report_runs/${encodeURIComponent(id)}`, env.STRIPE_API_BASE_URL).toString(), { method: "GET", headers }, env, signal);
      if (res.status !== 200) throw new ProviderQueryError("http_status", `stripe report run ${id} answered HTTP ${res.status}`, res.status);
      run = parseJsonObject(res.body);
      if (!run || str(run, "id") !== id) throw new ProviderQueryError("unusable", `stripe answered for another report run than ${id}`);
    }
    const result = isRecord(run!.result) ? run!.result : undefined;
    const url = result && str(result, "url");
    if (!url) throw new ProviderQueryError("unusable", `stripe report run ${id} succeeded without a result url`);
    const file = await fetchStream(url, { method: "GET", headers: { authorization: headers.authorization! } }, env, signal);
    if (file.status !== 200) {
      const text = (await file.text()).slice(0, 200);
      throw new ProviderQueryError("http_status", `stripe report file answered HTTP ${file.status} ${text}`.trim(), file.status);
    }
    return { fileName: (result && str(result, "filename")) ?? `${STRIPE_REPORT_TYPE}_${date}.csv`, body: file.body };
  },
};
