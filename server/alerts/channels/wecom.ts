import "server-only";
import { post, truncateUtf8 } from "./http";
import type { SendResult } from "./types";

export interface WecomConfig {
  /** The key in the URL is the only credential. */
  webhookUrl: string;
}

/** markdown.content over 4,096 bytes is refused (errcode 40058). */
export const WECOM_MAX_MARKDOWN_BYTES = 4096;
export const WECOM_PER_MINUTE = 20;

export function wecomBody(markdown: string, tail: string): string {
  return JSON.stringify({ msgtype: "markdown", markdown: { content: truncateUtf8(markdown, WECOM_MAX_MARKDOWN_BYTES, tail) } });
}

/** `tail` is appended when the text had to be cut, e.g. "\n…完整内容见控制台: <link>". */
export async function sendWecom(config: WecomConfig, message: { markdown: string; tail: string }, timeoutMs: number): Promise<SendResult> {
  const res = await post(config.webhookUrl, { headers: { "content-type": "application/json; charset=utf-8" }, body: wecomBody(message.markdown, message.tail) }, timeoutMs);
  if (res.kind !== "answer") return { ok: false, error: `wecom: ${res.error}`, uncertain: res.kind === "uncertain" };
  let parsed: { errcode?: unknown; errmsg?: unknown } | undefined;
  try {
    parsed = JSON.parse(res.body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (res.status === 200 && parsed?.errcode === 0) return { ok: true, providerMessageId: null };
  const code = parsed?.errcode ?? `HTTP ${res.status}`;
  // 45009: API freq out of limit
  return { ok: false, error: `wecom errcode ${String(code)}: ${String(parsed?.errmsg ?? "").slice(0, 200)}`, uncertain: false, rateLimited: code === 45009 };
}
