import "server-only";
import { randomBytes } from "node:crypto";
import type { Env } from "@/server/env";
import { ProviderQueryError } from "../shared/provider-fetch";
import { signRsaSha256 } from "../shared/rsa";

/**
 * `Authorization: WECHATPAY2-SHA256-RSA2048 …` for an APIv3 request: SHA256withRSA with the merchant key over
 * `METHOD\nURL\ntimestamp\nnonce\nbody\n`, URL being the absolute path with query (§3.6).
 */
export function buildWechatpayAuthorization(
  req: { method: string; pathWithQuery: string; body: string },
  env: Env,
  now: Date,
  nonce: string = randomBytes(16).toString("hex"),
): string {
  const key = env.WECHATPAY_MERCHANT_PRIVATE_KEY;
  if (!env.WECHATPAY_MCH_ID || !key || !env.WECHATPAY_MERCHANT_SERIAL) {
    throw new ProviderQueryError("not_configured", "wechatpay not configured: WECHATPAY_MCH_ID/WECHATPAY_MERCHANT_PRIVATE_KEY/WECHATPAY_MERCHANT_SERIAL unset");
  }
  const ts = String(Math.floor(now.getTime() / 1000));
  const signature = signRsaSha256(key, `${req.method}\n${req.pathWithQuery}\n${ts}\n${nonce}\n${req.body}\n`);
  return `WECHATPAY2-SHA256-RSA2048 mchid="${env.WECHATPAY_MCH_ID}",nonce_str="${nonce}",signature="${signature}",timestamp="${ts}",serial_no="${env.WECHATPAY_MERCHANT_SERIAL}"`;
}
