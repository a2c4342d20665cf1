import "server-only";
import { reason, type Reason } from "@/lib/reasons";
import type { Env } from "@/server/env";
import { verifyRsaSha256 } from "../shared/rsa";
import { hasWechatpayPlatformKeys, wechatpayPlatformKey } from "./platform-keys";

const TOLERANCE_SECONDS = 300;
const REQUIRED = ["wechatpay-timestamp", "wechatpay-nonce", "wechatpay-signature", "wechatpay-serial"] as const;

/**
 * WeChat Pay APIv3 response/callback signature: base64 SHA256withRSA over `${ts}\n${nonce}\n${body}\n`
 * with the platform key picked by Wechatpay-Serial among those trusted (rotation: old and new serial both
 * live); |now − ts| < 5 min (wechatpay-go checkParameters). Callbacks and query answers both come here.
 * Probe requests signed `WECHATPAY/SIGNTEST/…` simply fail here, as WeChat intends.
 */
export function checkWechatpaySignature(headers: Record<string, string>, body: string, env: Env, now: Date): { ok: true } | { ok: false; reason: string; coded?: Reason } {
  if (!hasWechatpayPlatformKeys(env)) {
    return {
      ok: false,
      reason: "provider not configured: no platform certificate (WECHATPAY_PLATFORM_CERTS or WECHATPAY_PLATFORM_PUBLIC_KEY) set",
      coded: reason("callback.provider_not_configured", { setting: "WECHATPAY_PLATFORM_CERTS / WECHATPAY_PLATFORM_PUBLIC_KEY" }),
    };
  }
  for (const name of REQUIRED) {
    if (!headers[name]) return { ok: false, reason: `missing ${name} header`, coded: reason("callback.missing_header", { header: name }) };
  }
  const ts = headers["wechatpay-timestamp"]!;
  const nonce = headers["wechatpay-nonce"]!;
  const serial = headers["wechatpay-serial"]!;
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: `wechatpay-timestamp "${ts.slice(0, 20)}" is not unix seconds` };
  const key = wechatpayPlatformKey(env, serial);
  if (!key) return { ok: false, reason: `unknown platform certificate serial ${serial.slice(0, 64)}`, coded: reason("callback.unknown_certificate", { serial: serial.slice(0, 64) }) };
  const age = Math.floor(now.getTime() / 1000) - Number(ts);
  const max = TOLERANCE_SECONDS;
  if (age >= max) return { ok: false, reason: `timestamp ${age}s old (max ${max}s)`, coded: reason("callback.timestamp_stale", { ageSeconds: age, maxSeconds: max }) };
  if (-age >= max) return { ok: false, reason: `timestamp ${-age}s in the future (max ${max}s)`, coded: reason("callback.timestamp_future", { aheadSeconds: -age, maxSeconds: max }) };
  if (!verifyRsaSha256(key, `${ts}\n${nonce}\n${body}\n`, headers["wechatpay-signature"]!)) {
    return { ok: false, reason: "signature mismatch", coded: reason("callback.signature_mismatch") };
  }
  return { ok: true };
}
