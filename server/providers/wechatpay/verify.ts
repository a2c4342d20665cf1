import "server-only";
import { reason } from "@/lib/reasons";
import type { Env } from "@/server/env";
import { parseRfc3339 } from "../shared/beijing-time";
import { parseJsonObject, record, str } from "../shared/fields";
import { MalformedError, malformed, rejected } from "../shared/verify-result";
import type { InboundMessage, VerifyResult } from "../types";
import { buildWechatpayNotification } from "./build-notification";
import { checkWechatpaySignature } from "./check-signature";
import { decryptWechatpayResource } from "./decrypt-resource";

export function verifyWechatpay(message: InboundMessage, env: Env, now: Date): VerifyResult {
  // The env refuses an APIv3 key of the wrong length at start; here it can only be unset.
  if (!env.WECHATPAY_APIV3_KEY) return rejected("provider not configured: WECHATPAY_APIV3_KEY unset", reason("callback.provider_not_configured", { setting: "WECHATPAY_APIV3_KEY" }));
  if (!env.WECHATPAY_MCH_ID) return rejected("provider not configured: WECHATPAY_MCH_ID unset", reason("callback.provider_not_configured", { setting: "WECHATPAY_MCH_ID" }));
  const sig = checkWechatpaySignature(message.headers, message.body, env, now);
  if (!sig.ok) return rejected(sig.reason, sig.coded);

  const envelope = parseJsonObject(message.body);
  if (!envelope) return malformed("body is not a JSON object");
  const id = str(envelope, "id");
  const eventType = str(envelope, "event_type");
  const resource = record(envelope, "resource");
  if (!id || !eventType || !resource) return malformed("envelope needs id, event_type and resource");
  const algorithm = str(resource, "algorithm");
  if (algorithm !== "AEAD_AES_256_GCM") return malformed(`unsupported resource algorithm ${algorithm ?? "(missing)"}`);
  const ciphertext = str(resource, "ciphertext");
  const nonce = str(resource, "nonce");
  const ad = resource.associated_data ?? "";
  if (!ciphertext || !nonce || typeof ad !== "string") return malformed("resource needs ciphertext, nonce and associated_data");
  const plaintext = decryptWechatpayResource({ ciphertext, nonce, associated_data: ad }, env.WECHATPAY_APIV3_KEY);
  if (plaintext === undefined) return rejected("resource decryption failed (AES-256-GCM authentication)", reason("callback.decryption_failed"));
  const tx = parseJsonObject(plaintext);
  if (!tx) return malformed("decrypted resource is not a JSON object");
  const mchid = str(tx, "mchid");
  if (mchid !== env.WECHATPAY_MCH_ID) return rejected(`mchid ${mchid ?? "(missing)"} does not match WECHATPAY_MCH_ID`, reason("callback.merchant_mismatch", { field: "mchid", value: mchid ?? "—" }));

  const createTimeText = str(envelope, "create_time");
  const createTime = createTimeText ? parseRfc3339(createTimeText) ?? null : null;
  try {
    if (eventType.startsWith("REFUND.") || str(resource, "original_type") === "refund") {
      return { ok: true, notification: refundNotification(tx, id, eventType, createTime) };
    }
    return { ok: true, notification: buildWechatpayNotification(tx, { eventId: id, fallbackEventAt: createTime }) };
  } catch (e) {
    if (e instanceof MalformedError) return malformed(e.message);
    throw e;
  }
}

/** Refund results are kept for the record but never move an order (refunds are our own domain). */
function refundNotification(tx: Record<string, unknown>, id: string, eventType: string, createTime: Date | null) {
  const orderNo = str(tx, "out_trade_no") ?? null;
  const refundNo = str(tx, "out_refund_no") ?? str(tx, "refund_id");
  if (!refundNo) throw new MalformedError("refund notification without out_refund_no/refund_id");
  const status = str(tx, "refund_status") ?? eventType;
  return {
    eventId: id,
    dedupeKey: `refund:${refundNo}:${status}`,
    orderNo,
    transactionId: str(tx, "transaction_id") ?? null,
    state: "OTHER" as const,
    providerStatus: eventType,
    amountMinor: null,
    currency: null,
    eventAt: createTime,
    paidAt: null,
    facts: { out_refund_no: str(tx, "out_refund_no"), refund_id: str(tx, "refund_id"), refund_status: status },
  };
}
