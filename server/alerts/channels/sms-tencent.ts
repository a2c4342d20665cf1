import "server-only";
import { createHash, createHmac } from "node:crypto";
import { hostOf, post } from "./http";
import type { SmsAdapter, SmsRequest } from "./sms";
import type { SendResult } from "./types";

export interface TencentSmsConfig {
  endpoint: string; // https://sms.tencentcloudapi.com/
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  region: string;
}

const sha256hex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s, "utf8").digest();

/** E.164, as PhoneNumberSet wants it: a mainland number without prefix gets +86. */
export function e164(phone: string): string {
  const digits = phone.replace(/[\s-]/g, "");
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^(0086|86)1\d{10}$/.test(digits)) return `+86${digits.replace(/^(0086|86)/, "")}`;
  return digits.startsWith("+") ? digits : `+${digits}`;
}

export function tencentSendSmsPayload(config: TencentSmsConfig, request: SmsRequest): string {
  return JSON.stringify({
    PhoneNumberSet: [e164(request.phone)],
    SmsSdkAppId: config.sdkAppId,
    SignName: config.signName,
    TemplateId: config.templateId,
    TemplateParamSet: request.params.map(([, v]) => v),
    // < 512 bytes, echoed back in SendStatusSet
    SessionContext: request.idempotencyKey.slice(0, 500),
  });
}

/**
 * TC3-HMAC-SHA256 (Tencent Cloud API 3.0): canonical request over content-type and host, string to sign with
 * the credential scope `${date}/sms/tc3_request`, key derived TC3+SecretKey → date → service → "tc3_request".
 */
export function tencentAuthorization(config: Pick<TencentSmsConfig, "secretId" | "secretKey">, host: string, payload: string, timestampSec: number): string {
  const date = new Date(timestampSec * 1000).toISOString().slice(0, 10);
  const contentType = "application/json; charset=utf-8";
  const canonicalRequest = ["POST", "/", "", `content-type:${contentType}\nhost:${host}\n`, "content-type;host", sha256hex(payload)].join("\n");
  const scope = `${date}/sms/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", String(timestampSec), scope, sha256hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(`TC3${config.secretKey}`, date), "sms"), "tc3_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return `TC3-HMAC-SHA256 Credential=${config.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

export function tencentSmsAdapter(config: TencentSmsConfig): SmsAdapter {
  const host = hostOf(config.endpoint);
  return {
    provider: "tencent",
    host,
    async send(request, timeoutMs, now = new Date()): Promise<SendResult> {
      const payload = tencentSendSmsPayload(config, request);
      const ts = Math.floor(now.getTime() / 1000);
      const headers = {
        authorization: tencentAuthorization(config, host, payload, ts),
        "content-type": "application/json; charset=utf-8",
        "x-tc-action": "SendSms",
        "x-tc-timestamp": String(ts),
        "x-tc-version": "2021-01-11",
        "x-tc-region": config.region,
      };
      const res = await post(config.endpoint, { headers, body: payload }, timeoutMs);
      if (res.kind !== "answer") return { ok: false, error: `tencent sms: ${res.error}`, uncertain: res.kind === "uncertain" };
      type Status = { Code?: unknown; Message?: unknown; SerialNo?: unknown };
      let parsed: { Response?: { SendStatusSet?: Status[]; Error?: { Code?: unknown; Message?: unknown } } } | undefined;
      try {
        parsed = JSON.parse(res.body) as typeof parsed;
      } catch {
        parsed = undefined;
      }
      const status = parsed?.Response?.SendStatusSet?.[0];
      // "Ok", not "OK"
      if (status?.Code === "Ok") return { ok: true, providerMessageId: typeof status.SerialNo === "string" ? status.SerialNo : null };
      const code = status?.Code ?? parsed?.Response?.Error?.Code;
      if (typeof code !== "string") return { ok: false, error: `tencent sms: HTTP ${res.status} without a result code`, uncertain: true };
      const message = status?.Message ?? parsed?.Response?.Error?.Message;
      return { ok: false, error: `tencent sms ${code}: ${String(message ?? "").slice(0, 200)}`, uncertain: false, rateLimited: /LimitExceeded|FrequencyLimit/i.test(code) };
    },
  };
}
