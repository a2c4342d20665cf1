import "server-only";

/** A message as the channels need it, already written in the recipient's language (server/alerts/deliver-message.ts). */
export interface ChannelMessage {
  /** One line: the robot card's title, the e-mail subject. */
  title: string;
  /** DingTalk / WeCom markdown. */
  markdown: string;
  /** Plain text (e-mail text part). */
  text: string;
  html: string;
  /** The SMS: template parameters (Aliyun TemplateParam keys, Tencent TemplateParamSet in this order) and a short text. */
  sms: { params: Record<string, string>; text: string };
}

/**
 * What one attempt came to. `uncertain`: the request may have reached the provider but no answer came back
 * (timeout, connection reset after writing): a send that is not idempotent must not be repeated blindly.
 */
export type SendResult =
  | { ok: true; providerMessageId: string | null }
  | { ok: false; error: string; uncertain: boolean; rateLimited?: boolean };

export class ChannelNotConfiguredError extends Error {
  constructor(channel: string, missing: string) {
    super(`${channel} not configured (${missing} unset)`);
    this.name = "ChannelNotConfiguredError";
  }
}
