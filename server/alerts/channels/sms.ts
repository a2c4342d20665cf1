import "server-only";
import type { SendResult } from "./types";

/**
 * One SMS to one phone through a provider's SendSms. `idempotencyKey` travels with the request (Aliyun
 * OutId, Tencent SessionContext) so the provider's records can be matched to our delivery log.
 */
export interface SmsRequest {
  phone: string;
  /** Template parameters, in the template's order (Tencent's TemplateParamSet is positional). */
  params: [string, string][];
  idempotencyKey: string;
}

export interface SmsAdapter {
  readonly provider: "aliyun" | "tencent";
  readonly host: string;
  send(request: SmsRequest, timeoutMs: number, now?: Date): Promise<SendResult>;
}

/** RFC 3986 percent-encoding (what both providers' signatures expect): only A-Z a-z 0-9 - _ . ~ stay. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
