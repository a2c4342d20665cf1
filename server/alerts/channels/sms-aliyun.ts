import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { hostOf, post } from "./http";
import { percentEncode, type SmsAdapter, type SmsRequest } from "./sms";
import type { SendResult } from "./types";

export interface AliyunSmsConfig {
  endpoint: string; // https://dysmsapi.aliyuncs.com/
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
}

/**
 * Aliyun RPC signature (SignatureVersion 1.0, HMAC-SHA1): StringToSign = "POST&%2F&" + percentEncode(the
 * sorted, percent-encoded query), key = AccessKeySecret + "&", Signature = base64 of the HMAC.
 */
export function aliyunSignature(params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join("&");
  const stringToSign = `POST&${percentEncode("/")}&${percentEncode(canonical)}`;
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign).digest("base64");
}

/** The SendSms parameters (Dysmsapi 2017-05-25), unsigned. */
export function aliyunSendSmsParams(config: AliyunSmsConfig, request: SmsRequest, now: Date, nonce: string): Record<string, string> {
  return {
    AccessKeyId: config.accessKeyId,
    Action: "SendSms",
    Format: "JSON",
    OutId: request.idempotencyKey.slice(0, 256),
    PhoneNumbers: request.phone,
    RegionId: "cn-hangzhou",
    SignName: config.signName,
    SignatureMethod: "HMAC-SHA1",
    SignatureNonce: nonce,
    SignatureVersion: "1.0",
    TemplateCode: config.templateCode,
    // A JSON string whose values must all be strings (isv.INVALID_JSON_PARAM otherwise).
    TemplateParam: JSON.stringify(Object.fromEntries(request.params)),
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    Version: "2017-05-25",
  };
}

export function aliyunSmsAdapter(config: AliyunSmsConfig): SmsAdapter {
  return {
    provider: "aliyun",
    host: hostOf(config.endpoint),
    async send(request, timeoutMs, now = new Date()): Promise<SendResult> {
      const params = aliyunSendSmsParams(config, request, now, randomUUID());
      const signed = { ...params, Signature: aliyunSignature(params, config.accessKeySecret) };
      const body = Object.entries(signed).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join("&");
      const res = await post(config.endpoint, { headers: { "content-type": "application/x-www-form-urlencoded" }, body }, timeoutMs);
      if (res.kind !== "answer") return { ok: false, error: `aliyun sms: ${res.error}`, uncertain: res.kind === "uncertain" };
      let parsed: { Code?: unknown; Message?: unknown; BizId?: unknown } | undefined;
      try {
        parsed = JSON.parse(res.body) as typeof parsed;
      } catch {
        parsed = undefined;
      }
      if (parsed?.Code === "OK") return { ok: true, providerMessageId: typeof parsed.BizId === "string" ? parsed.BizId : null };
      // An answer with an error code is the provider saying it did not send; a 5xx without one is not an answer.
      if (typeof parsed?.Code !== "string") return { ok: false, error: `aliyun sms: HTTP ${res.status} without a result code`, uncertain: true };
      return { ok: false, error: `aliyun sms ${parsed.Code}: ${String(parsed.Message ?? "").slice(0, 200)}`, uncertain: false, rateLimited: parsed.Code === "isv.BUSINESS_LIMIT_CONTROL" };
    },
  };
}
