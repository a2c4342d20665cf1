import "server-only";
import { post, robotResult, truncateUtf8 } from "./http";
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
  // 45009: API freq out of limit
  return robotResult("wecom", res, [45009]);
}
