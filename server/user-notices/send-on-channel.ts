import "server-only";
import { isConfigured, smsFromEnv } from "@/server/alerts/channels/config";
import type { Env } from "@/server/env";
import type { NoticeChannel } from "@/lib/user-notices";
import { sendPush, type PushPayload } from "./send-push";

export type ChannelOutcome =
  | { ok: true; providerMessageId: string | null }
  | { ok: false; code: string; error: string; uncertain: boolean; permanent: boolean };

export interface OutgoingNotice {
  /** SMS: the phone; push: the user id. */
  target: string;
  idempotencyKey: string;
  /** The SMS as it leaves (opt-out suffix included). */
  smsText: string;
  push: Omit<PushPayload, "id" | "sentAt">;
}

/** Whether a channel has its configuration: SMS the alert SMS adapter, push the webhook URL and secret. */
export function channelConfigured(env: Env, channel: NoticeChannel): boolean {
  return channel === "sms" ? isConfigured(smsFromEnv(env, env.USER_NOTICE_SMS_TEMPLATE ?? env.ALERT_SMS_TEMPLATE)) : Boolean(env.USER_PUSH_WEBHOOK_URL && env.USER_PUSH_WEBHOOK_SECRET);
}

/** One attempt on one channel. Never throws; a channel without configuration is a final failure with that reason. */
export async function sendOnChannel(env: Env, channel: NoticeChannel, notice: OutgoingNotice, now: Date): Promise<ChannelOutcome> {
  const timeout = env.ALERT_DELIVERY_TIMEOUT;
  if (channel === "push") {
    if (!env.USER_PUSH_WEBHOOK_URL || !env.USER_PUSH_WEBHOOK_SECRET) return { ok: false, code: "not_configured", error: "push not configured (USER_PUSH_WEBHOOK_URL unset)", uncertain: false, permanent: true };
    return sendPush({ url: env.USER_PUSH_WEBHOOK_URL, secret: env.USER_PUSH_WEBHOOK_SECRET }, { ...notice.push, id: notice.idempotencyKey, sentAt: now.toISOString() }, timeout, now);
  }
  const sms = smsFromEnv(env, env.USER_NOTICE_SMS_TEMPLATE ?? env.ALERT_SMS_TEMPLATE);
  if (!isConfigured(sms)) return { ok: false, code: "not_configured", error: `sms not configured (${sms.missing} unset)`, uncertain: false, permanent: true };
  const r = await sms.send({ phone: notice.target, params: [["content", notice.smsText]], idempotencyKey: notice.idempotencyKey }, timeout, now);
  if (r.ok) return r;
  // An SMS whose answer was lost may have reached the phone: never resent (ADR 0007), so it is final too.
  return { ok: false, code: r.uncertain ? "uncertain" : r.rateLimited ? "rate_limited" : "provider_error", error: r.error, uncertain: r.uncertain, permanent: r.uncertain };
}
