import "server-only";
import type { AlertChannel } from "@/lib/alerts";
import type { Env } from "@/server/env";
import type { DingtalkConfig } from "./dingtalk";
import type { EmailConfig } from "./email";
import { hostOf } from "./http";
import type { SmsAdapter } from "./sms";
import { aliyunSmsAdapter } from "./sms-aliyun";
import { tencentSmsAdapter } from "./sms-tencent";
import type { WecomConfig } from "./wecom";

/** Each channel's configuration from env, or why it has none (a reason, never a secret). */
export interface Channels {
  dingtalk: DingtalkConfig | { missing: string };
  wecom: WecomConfig | { missing: string };
  sms: SmsAdapter | { missing: string };
  email: EmailConfig | { missing: string };
}

export function isConfigured<T extends object>(c: T | { missing: string }): c is T {
  return !("missing" in c);
}

/** The SMS adapter of the ALERT_SMS_* configuration; `template` overrides ALERT_SMS_TEMPLATE (user notices have their own). */
export function smsFromEnv(env: Env, template = env.ALERT_SMS_TEMPLATE): Channels["sms"] {
  const missing = (names: string[]) => ({ missing: names.join(", ") });
  if (!env.ALERT_SMS_PROVIDER) return missing(["ALERT_SMS_PROVIDER"]);
  type Needed = "ALERT_SMS_ACCESS_KEY_ID" | "ALERT_SMS_ACCESS_KEY_SECRET" | "ALERT_SMS_SIGN_NAME" | "ALERT_SMS_TEMPLATE" | "ALERT_SMS_SDK_APP_ID";
  const need: Needed[] = ["ALERT_SMS_ACCESS_KEY_ID", "ALERT_SMS_ACCESS_KEY_SECRET", "ALERT_SMS_SIGN_NAME", "ALERT_SMS_TEMPLATE", ...(env.ALERT_SMS_PROVIDER === "tencent" ? (["ALERT_SMS_SDK_APP_ID"] as const) : [])];
  const unset = need.filter((k) => (k === "ALERT_SMS_TEMPLATE" ? !template : !env[k]));
  if (unset.length > 0) return missing(unset);
  if (env.ALERT_SMS_PROVIDER === "aliyun") {
    return aliyunSmsAdapter({
      endpoint: env.ALERT_SMS_ENDPOINT ?? "https://dysmsapi.aliyuncs.com/",
      accessKeyId: env.ALERT_SMS_ACCESS_KEY_ID!,
      accessKeySecret: env.ALERT_SMS_ACCESS_KEY_SECRET!,
      signName: env.ALERT_SMS_SIGN_NAME!,
      templateCode: template!,
    });
  }
  return tencentSmsAdapter({
    endpoint: env.ALERT_SMS_ENDPOINT ?? "https://sms.tencentcloudapi.com/",
    secretId: env.ALERT_SMS_ACCESS_KEY_ID!,
    secretKey: env.ALERT_SMS_ACCESS_KEY_SECRET!,
    sdkAppId: env.ALERT_SMS_SDK_APP_ID!,
    signName: env.ALERT_SMS_SIGN_NAME!,
    templateId: template!,
    region: env.ALERT_SMS_REGION,
  });
}

export function channelsFromEnv(env: Env): Channels {
  return {
    dingtalk: env.ALERT_DINGTALK_WEBHOOK_URL ? { webhookUrl: env.ALERT_DINGTALK_WEBHOOK_URL, secret: env.ALERT_DINGTALK_SECRET } : { missing: "ALERT_DINGTALK_WEBHOOK_URL" },
    wecom: env.ALERT_WECOM_WEBHOOK_URL ? { webhookUrl: env.ALERT_WECOM_WEBHOOK_URL } : { missing: "ALERT_WECOM_WEBHOOK_URL" },
    sms: smsFromEnv(env),
    email: env.ALERT_SMTP_URL ? { smtpUrl: env.ALERT_SMTP_URL, from: env.ALERT_EMAIL_FROM } : { missing: "ALERT_SMTP_URL" },
  };
}

/** For the console: configured or not, and the host only (webhook URLs and SMTP URLs carry credentials). */
export function channelStatus(env: Env): { channel: AlertChannel; configured: boolean; target: string }[] {
  const c = channelsFromEnv(env);
  return [
    { channel: "dingtalk", configured: isConfigured(c.dingtalk), target: hostOf(env.ALERT_DINGTALK_WEBHOOK_URL) },
    { channel: "wecom", configured: isConfigured(c.wecom), target: hostOf(env.ALERT_WECOM_WEBHOOK_URL) },
    { channel: "sms", configured: isConfigured(c.sms), target: isConfigured(c.sms) ? `${c.sms.provider} ${c.sms.host}` : "" },
    { channel: "email", configured: isConfigured(c.email), target: env.ALERT_SMTP_URL ? hostOf(env.ALERT_SMTP_URL.replace(/^smtps?:/, "http:")) : "" },
  ];
}
