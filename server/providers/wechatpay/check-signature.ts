import type { Env } from "@/server/env";
import { parsePublicKey, verifyRsaSha256 } from "../shared/rsa";

const TOLERANCE_SECONDS = 300;
const REQUIRED = ["wechatpay-timestamp", "wechatpay-nonce", "wechatpay-signature", "wechatpay-serial"] as const;

/**
 * WeChat Pay APIv3 response/callback signature: base64 SHA256withRSA over `${ts}\n${nonce}\n${body}\n`
 * with the platform public key picked by Wechatpay-Serial; |now − ts| < 5 min (wechatpay-go checkParameters).
 * Probe requests signed `WECHATPAY/SIGNTEST/…` simply fail here, as WeChat intends.
 */
export function checkWechatpaySignature(headers: Record<string, string>, body: string, env: Env, now: Date): { ok: true } | { ok: false; reason: string } {
  if (!env.WECHATPAY_PLATFORM_PUBLIC_KEY) return { ok: false, reason: "provider not configured: WECHATPAY_PLATFORM_PUBLIC_KEY unset" };
  if (!env.WECHATPAY_PLATFORM_SERIAL) return { ok: false, reason: "provider not configured: WECHATPAY_PLATFORM_SERIAL unset" };
  const key = parsePublicKey(env.WECHATPAY_PLATFORM_PUBLIC_KEY);
  if (!key) return { ok: false, reason: "provider not configured: WECHATPAY_PLATFORM_PUBLIC_KEY is not a valid PEM public key" };
  for (const name of REQUIRED) {
    if (!headers[name]) return { ok: false, reason: `missing ${name} header` };
  }
  const ts = headers["wechatpay-timestamp"]!;
  const nonce = headers["wechatpay-nonce"]!;
  const serial = headers["wechatpay-serial"]!;
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: `wechatpay-timestamp "${ts.slice(0, 20)}" is not unix seconds` };
  if (serial !== env.WECHATPAY_PLATFORM_SERIAL) return { ok: false, reason: `serial ${serial.slice(0, 64)} does not match WECHATPAY_PLATFORM_SERIAL` };
  const age = Math.floor(now.getTime() / 1000) - Number(ts);
  if (age >= TOLERANCE_SECONDS) return { ok: false, reason: `timestamp ${age}s old (max ${TOLERANCE_SECONDS}s)` };
  if (-age >= TOLERANCE_SECONDS) return { ok: false, reason: `timestamp ${-age}s in the future (max ${TOLERANCE_SECONDS}s)` };
  if (!verifyRsaSha256(key, `${ts}\n${nonce}\n${body}\n`, headers["wechatpay-signature"]!)) return { ok: false, reason: "signature mismatch" };
  return { ok: true };
}
