import "server-only";
import { createHmac } from "node:crypto";
import { post, robotResult, truncateUtf8 } from "./http";
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

export async function sendDingtalk(config: DingtalkConfig, message: { title: string; markdown: string }, timeoutMs: number, now = Date.now()): Promise<SendResult> {
  const res = await post(dingtalkUrl(config, now), { headers: { "content-type": "application/json; charset=utf-8" }, body: dingtalkBody(message.title, message.markdown) }, timeoutMs);
  // 130101: "send too fast"; 90030: webhook over limit.
  return robotResult("dingtalk", res, [130101, 90030]);
}
