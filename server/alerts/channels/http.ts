import "server-only";
import { withDeadline } from "@/server/lib/deadline";
import type { SendResult } from "./types";

// Transport failures that prove the request never left: nothing can have reached the provider.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ERR_INVALID_URL", "UND_ERR_CONNECT_TIMEOUT"]);

export type HttpOutcome = { kind: "answer"; status: number; body: string } | { kind: "not_sent"; error: string } | { kind: "uncertain"; error: string };

function codeOf(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown; cause?: { code?: unknown } } };
  for (const c of [err?.code, err?.cause?.code, err?.cause?.cause?.code]) if (typeof c === "string") return c;
  return undefined;
}

/** One POST with a deadline; never throws. The error text carries no URL (webhook URLs hold credentials). */
export async function post(url: string, init: { headers: Record<string, string>; body: string }, timeoutMs: number): Promise<HttpOutcome> {
  try {
    return await withDeadline(timeoutMs, undefined, async (signal) => {
      const res = await fetch(url, { method: "POST", headers: init.headers, body: init.body, signal, redirect: "error" });
      return { kind: "answer" as const, status: res.status, body: await res.text() };
    });
  } catch (e) {
    const code = codeOf(e);
    if (code && NOT_SENT.has(code)) return { kind: "not_sent", error: `connection failed (${code})` };
    const name = (e as Error)?.name;
    return { kind: "uncertain", error: name === "TimeoutError" || name === "AbortError" ? `no answer within ${timeoutMs} ms` : `transport error (${code ?? name ?? "unknown"})` };
  }
}

/** Host of a configured URL, for the console (never the query, which holds the access token or key). */
export function hostOf(url: string | undefined): string {
  if (!url) return "";
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/** Cuts `s` to at most `maxBytes` UTF-8 bytes at a character boundary, ending with `tail` when cut. */
export function truncateUtf8(s: string, maxBytes: number, tail: string): string {
  if (Buffer.byteLength(s, "utf8") <= maxBytes) return s;
  const budget = maxBytes - Buffer.byteLength(tail, "utf8");
  let bytes = 0;
  let out = "";
  // for…of walks code points, so a surrogate pair (emoji) is never split.
  for (const ch of s) {
    const n = Buffer.byteLength(ch, "utf8");
    if (bytes + n > budget) break;
    bytes += n;
    out += ch;
  }
  return out + tail;
}

/**
 * A chat robot's answer (DingTalk and WeCom share the shape): HTTP 200 with `{"errcode":0}` is delivered,
 * anything else is a failure named by its errcode; `rateLimitCodes` mark "slow down" answers. A robot message
 * repeated is harmless, so a failure of either kind may be retried.
 */
export function robotResult(channel: string, res: HttpOutcome, rateLimitCodes: readonly number[]): SendResult {
  if (res.kind !== "answer") return { ok: false, error: `${channel}: ${res.error}`, uncertain: res.kind === "uncertain" };
  let parsed: { errcode?: unknown; errmsg?: unknown } | undefined;
  try {
    parsed = JSON.parse(res.body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (res.status === 200 && parsed?.errcode === 0) return { ok: true, providerMessageId: null };
  const code = parsed?.errcode ?? `HTTP ${res.status}`;
  const rateLimited = typeof code === "number" && rateLimitCodes.includes(code);
  return { ok: false, error: `${channel} errcode ${String(code)}: ${String(parsed?.errmsg ?? "").slice(0, 200)}`, uncertain: false, rateLimited };
}
