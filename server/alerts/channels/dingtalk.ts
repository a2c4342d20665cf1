import "server-only";
import { createHmac } from "node:crypto";
import { post, truncateUtf8 } from "./http";
import type { SendResult } from "./types";

export interface DingtalkConfig {
  webhookUrl: string;
  /** 加签 secret (SEC…); without it the robot must be secured by keyword or IP allowlist. */
  secret?: string;
}

/** DingTalk's 20,000-byte body limit (errcode 460101), with room for the JSON around the text. */
export const DINGTALK_MAX_TEXT_BYTES = 19_000;
/** Messages per minute per robot; above it the robot is throttled for 10 minutes. */
export const DINGTALK_PER_MINUTE = 20;

/** sign = urlEncode(base64(HmacSHA256(secret, `${timestamp}\n${secret}`))), timestamp in ms. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return encodeURIComponent(createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64"));
}

export function dingtalkUrl(config: DingtalkConfig, timestampMs: number): string {
  if (!config.secret) return config.webhookUrl;
  const sep = config.webhookUrl.includes("?") ? "&" : "?";
  return `${config.webhookUrl}${sep}timestamp=${timestampMs}&sign=${dingtalkSign(config.secret, timestampMs)}`;
}

export function dingtalkBody(title: string, markdown: string): string {
  return JSON.stringify({ msgtype: "markdown", markdown: { title, text: truncateUtf8(markdown, DINGTALK_MAX_TEXT_BYTES, "\n\n…") }, at: { atMobiles: [], isAtAll: false } });
}

/** Robots are not idempotent either, but a repeated chat message is harmless: any failure may be retried. */
export async function sendDingtalk(config: DingtalkConfig, message: { title: string; markdown: string }, timeoutMs: number, now = Date.now()): Promise<SendResult> {
  const res = await post(dingtalkUrl(config, now), { headers: { "content-type": "application/json; charset=utf-8" }, body: dingtalkBody(message.title, message.markdown) }, timeoutMs);
  if (res.kind !== "answer") return { ok: false, error: `dingtalk: ${res.error}`, uncertain: res.kind === "uncertain" };
  let parsed: { errcode?: unknown; errmsg?: unknown } | undefined;
  try {
    parsed = JSON.parse(res.body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (res.status === 200 && parsed?.errcode === 0) return { ok: true, providerMessageId: null };
  const code = parsed?.errcode ?? `HTTP ${res.status}`;
  // 130101: "send too fast"; 90030: webhook over limit.
  const rateLimited = code === 130101 || code === 90030;
  return { ok: false, error: `dingtalk errcode ${String(code)}: ${String(parsed?.errmsg ?? "").slice(0, 200)}`, uncertain: false, rateLimited };
}
