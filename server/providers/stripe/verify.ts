import "server-only";
import { reason } from "@/lib/reasons";
import type { Env } from "@/server/env";
import { parseJsonObject, record, safeInt, str } from "../shared/fields";
import { checkTimestampedHmac } from "@/server/lib/timestamped-hmac";
import { MalformedError, malformed, rejected } from "../shared/verify-result";
import type { InboundMessage, PaymentState, VerifyResult } from "../types";
import { buildFromPaymentIntent } from "./build-notification";

const TOLERANCE_SECONDS = 300;

const INTENT_EVENTS: Record<string, PaymentState> = {
  "payment_intent.succeeded": "PAID",
  "payment_intent.canceled": "CLOSED",
  "payment_intent.payment_failed": "FAILED",
};

export function verifyStripe(message: InboundMessage, env: Env, now: Date): VerifyResult {
  if (!env.STRIPE_WEBHOOK_SECRET) return rejected("provider not configured: STRIPE_WEBHOOK_SECRET unset", reason("callback.provider_not_configured", { setting: "STRIPE_WEBHOOK_SECRET" }));
  const check = checkTimestampedHmac({
    header: message.headers["stripe-signature"],
    headerName: "stripe-signature",
    body: message.body,
    secret: env.STRIPE_WEBHOOK_SECRET,
    now,
    toleranceSeconds: TOLERANCE_SECONDS,
  });
  if (!check.ok) return rejected(check.reason, check.coded);

  const event = parseJsonObject(message.body);
  if (!event) return malformed("body is not a JSON object");
  const id = str(event, "id");
  const type = str(event, "type");
  const created = safeInt(event, "created");
  if (!id || !type) return malformed("event needs id and type");
  if (created === undefined) return malformed("event.created missing or not unix seconds");
  const eventAt = new Date(created * 1000);
  const object = record(record(event, "data") ?? {}, "object");
  if (!object) return malformed("event.data.object missing");

  try {
    const state = INTENT_EVENTS[type];
    if (state) {
      if (str(object, "object") !== "payment_intent") return malformed(`${type} without a payment_intent object`);
      return { ok: true, notification: buildFromPaymentIntent(object, state, { eventId: id, providerStatus: type, eventAt, paidAt: eventAt }) };
    }
  } catch (e) {
    if (e instanceof MalformedError) return malformed(e.message);
    throw e;
  }
  // Any other event (charge.refunded, payment_intent.created…) is kept for the record, keyed by its own id.
  const objectId = str(object, "id");
  const intentId = str(object, "object") === "payment_intent" ? objectId : str(object, "payment_intent");
  return {
    ok: true,
    notification: {
      eventId: id,
      dedupeKey: id,
      orderNo: str(record(object, "metadata") ?? {}, "order_no") ?? null,
      transactionId: intentId ?? null,
      state: "OTHER",
      providerStatus: type,
      amountMinor: null,
      currency: null,
      eventAt,
      paidAt: null,
      facts: { object: str(object, "object"), object_id: objectId },
    },
  };
}
