import "server-only";
import { reason } from "@/lib/reasons";
import type { Env } from "@/server/env";
import { verifyRsaSha256 } from "../shared/rsa";
import { MalformedError, malformed, rejected } from "../shared/verify-result";
import type { InboundMessage, VerifyResult } from "../types";
import { buildAlipayNotification } from "./build-notification";
import { decodeAlipayForm } from "./decode-form";
import { buildAlipaySignContentBytes } from "./sign-content";

/** A form body's parameters, decoded in the body's own `charset` (URLSearchParams semantics otherwise). */
export function parseAlipayForm(body: string): Map<string, string> | string {
  const form = decodeAlipayForm(body);
  return typeof form === "string" ? form : form.params;
}

export function verifyAlipay(message: InboundMessage, env: Env, _now: Date): VerifyResult {
  const key = env.ALIPAY_PUBLIC_KEY;
  if (!key) return rejected("provider not configured: ALIPAY_PUBLIC_KEY unset", reason("callback.provider_not_configured", { setting: "ALIPAY_PUBLIC_KEY" }));
  if (!env.ALIPAY_APP_ID) return rejected("provider not configured: ALIPAY_APP_ID unset", reason("callback.provider_not_configured", { setting: "ALIPAY_APP_ID" }));

  if (message.body.trim() === "") return malformed("empty body");
  const form = decodeAlipayForm(message.body);
  if (typeof form === "string") return malformed(form);
  const { params } = form;
  const sign = params.get("sign");
  if (!sign) return rejected("missing sign", reason("callback.missing_header", { header: "sign" }));
  const signType = params.get("sign_type");
  if (signType === "RSA") return rejected("sign_type RSA (SHA1) not allowed; RSA2 required", reason("callback.sign_type_not_allowed", { signType: "RSA" }));
  if (signType !== "RSA2") {
    return signType
      ? rejected(`unsupported sign_type ${signType.slice(0, 32)}`, reason("callback.sign_type_not_allowed", { signType: signType.slice(0, 32) }))
      : rejected("missing sign_type", reason("callback.missing_header", { header: "sign_type" }));
  }

  // Signed over the values' bytes in the notify's charset (GBK notifies included); a framework that
  // HTML-escaped fund_bill_list breaks this (§2.3).
  if (!verifyRsaSha256(key, buildAlipaySignContentBytes(form.raw), sign)) {
    const hint = /&(quot|amp|lt|gt);/.test(params.get("fund_bill_list") ?? "") ? " (fund_bill_list is HTML-escaped)" : "";
    return rejected(`signature mismatch${hint}`, reason("callback.signature_mismatch"));
  }
  const appId = params.get("app_id");
  if (appId !== env.ALIPAY_APP_ID) {
    return rejected(`app_id ${appId?.slice(0, 32) ?? "(missing)"} does not match ALIPAY_APP_ID`, reason("callback.merchant_mismatch", { field: "app_id", value: appId?.slice(0, 32) ?? "—" }));
  }
  // A correctly signed notify for another seller of the same app (§2.3 step 5) is not our money.
  if (env.ALIPAY_SELLER_ID && params.get("seller_id") !== env.ALIPAY_SELLER_ID) return rejected("seller_id mismatch", reason("callback.merchant_mismatch", { field: "seller_id", value: params.get("seller_id")?.slice(0, 32) ?? "—" }));

  const notifyId = params.get("notify_id");
  if (!notifyId) return malformed("notify_id missing");
  try {
    const notification = buildAlipayNotification(params, { eventId: notifyId, paidAtKey: "gmt_payment", fallbackEventAtKey: "notify_time" });
    if (form.charset !== "utf-8") notification.facts.charset = form.charset;
    return { ok: true, notification };
  } catch (e) {
    if (e instanceof MalformedError) return malformed(e.message);
    throw e;
  }
}
