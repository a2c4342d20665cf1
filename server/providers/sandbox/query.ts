import "server-only";
import type { Env } from "@/server/env";
import { parseJsonObject } from "../shared/fields";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import { checkTimestampedHmac } from "@/server/lib/timestamped-hmac";
import { MalformedError } from "../shared/verify-result";
import type { OrderRef, QueryResult } from "../types";
import { buildSandboxNotification } from "./build-notification";
import { SANDBOX_SIGNATURE_HEADER } from "./sign";
import { SANDBOX_TOLERANCE_SECONDS } from "./verify";

export async function querySandbox(order: OrderRef, env: Env, signal?: AbortSignal): Promise<QueryResult> {
  const base = env.SANDBOX_API_BASE_URL.replace(/\/+$/, "");
  const res = await providerFetch(`${base}/payments/${encodeURIComponent(order.orderNo)}`, { method: "GET", headers: { accept: "application/json" } }, env, signal);
  if (res.status !== 200 && res.status !== 404) throw new ProviderQueryError("http_status", `sandbox answered HTTP ${res.status}`, res.status);
  // The 404 is signed too: anything else listening on that port must not be able to say "never paid".
  const check = checkTimestampedHmac({
    header: res.headers[SANDBOX_SIGNATURE_HEADER],
    headerName: SANDBOX_SIGNATURE_HEADER,
    body: res.body,
    secret: env.SANDBOX_WEBHOOK_SECRET,
    now: new Date(),
    toleranceSeconds: SANDBOX_TOLERANCE_SECONDS,
  });
  if (!check.ok) throw new ProviderQueryError("untrusted", `sandbox answer not trusted: ${check.reason}`);
  if (res.status === 404) return { found: false, raw: res.body, reason: "sandbox has no payment for this order" };
  const doc = parseJsonObject(res.body);
  if (!doc) throw new ProviderQueryError("unusable", "sandbox answer is not a JSON object");
  if (doc.orderNo !== order.orderNo) throw new ProviderQueryError("wrong_order", `sandbox answered for ${String(doc.orderNo)}, asked ${order.orderNo}`);
  try {
    return { found: true, notification: buildSandboxNotification(doc, { eventId: null, allowPending: true }), raw: res.body };
  } catch (e) {
    if (e instanceof MalformedError) throw new ProviderQueryError("unusable", `sandbox answer unusable: ${e.message}`);
    throw e;
  }
}
