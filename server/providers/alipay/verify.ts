import type { Env } from "@/server/env";
import { parsePublicKey, verifyRsaSha256 } from "../shared/rsa";
import { MalformedError, malformed, rejected } from "../shared/verify-result";
import type { InboundMessage, VerifyResult } from "../types";
import { buildAlipayNotification } from "./build-notification";
import { buildAlipaySignContent } from "./sign-content";

/** Parses a form body once (URLSearchParams: `+` → space, %XX decoded exactly once). */
export function parseAlipayForm(body: string): Map<string, string> | string {
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body)) {
    if (params.has(k)) return `duplicate parameter ${k}`;
    params.set(k, v);
  }
  return params;
}

export function verifyAlipay(message: InboundMessage, env: Env, _now: Date): VerifyResult {
  if (!env.ALIPAY_PUBLIC_KEY) return rejected("provider not configured: ALIPAY_PUBLIC_KEY unset");
  if (!env.ALIPAY_APP_ID) return rejected("provider not configured: ALIPAY_APP_ID unset");
  const key = parsePublicKey(env.ALIPAY_PUBLIC_KEY);
  if (!key) return rejected("provider not configured: ALIPAY_PUBLIC_KEY is not a valid PEM public key");

  if (message.body.trim() === "") return malformed("empty body");
  const params = parseAlipayForm(message.body);
  if (typeof params === "string") return malformed(params);
  const sign = params.get("sign");
  if (!sign) return rejected("missing sign");
  const signType = params.get("sign_type");
  if (signType === "RSA") return rejected("sign_type RSA (SHA1) not allowed; RSA2 required");
  if (signType !== "RSA2") return rejected(signType ? `unsupported sign_type ${signType}` : "missing sign_type");

  // Alipay's notify signs raw params; a framework that HTML-escaped fund_bill_list breaks this (§2.3).
  if (!verifyRsaSha256(key, buildAlipaySignContent(params), sign)) {
    const hint = /&(quot|amp|lt|gt);/.test(params.get("fund_bill_list") ?? "") ? " (fund_bill_list is HTML-escaped)" : "";
    return rejected(`signature mismatch${hint}`);
  }
  const appId = params.get("app_id");
  if (appId !== env.ALIPAY_APP_ID) return rejected(`app_id ${appId ?? "(missing)"} does not match ALIPAY_APP_ID`);

  const notifyId = params.get("notify_id");
  if (!notifyId) return malformed("notify_id missing");
  try {
    const notification = buildAlipayNotification(params, { eventId: notifyId, paidAtKey: "gmt_payment", fallbackEventAtKey: "notify_time" });
    return { ok: true, notification };
  } catch (e) {
    if (e instanceof MalformedError) return malformed(e.message);
    throw e;
  }
}
