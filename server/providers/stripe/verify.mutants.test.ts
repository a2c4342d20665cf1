import { describe, expect, it } from "vitest";
import { applyProviderTestEnv, createProviderTestKeys, signStripeBody } from "@/test/provider-signers";
import { verifyStripe } from "./verify";

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);
const now = new Date("2026-09-15T04:06:00Z");
const created = Math.floor(new Date("2026-09-15T04:05:41Z").getTime() / 1000);
const signedBody = (body: string) => ({ ...signStripeBody(keys, body, { now }), receivedAt: now });
const intent = (over: Record<string, unknown> = {}) => ({
  id: "pi_3QaBcD2eZvKYlo2C0000000008",
  object: "payment_intent",
  amount: 1999,
  amount_received: 1999,
  currency: "usd",
  status: "succeeded",
  metadata: { order_no: "ORD20260915000008" },
  ...over,
});
const event = (over: Record<string, unknown> = {}, object: Record<string, unknown> | undefined = intent()) =>
  signedBody(JSON.stringify({ id: "evt_1QaBcD2eZvKYlo2C00000008", object: "event", created, type: "payment_intent.succeeded", data: { object }, ...over }));
const malformed = (reason: string) => ({ ok: false, kind: "malformed", reason, coded: { code: "callback.malformed", params: { detail: reason } } });

describe("verifyStripe malformed events (signature valid)", () => {
  it("a body that is not a JSON object", () => {
    expect(verifyStripe(signedBody('"evt"'), env, now)).toStrictEqual(malformed("body is not a JSON object"));
  });

  it("an event without id or without type", () => {
    expect(verifyStripe(event({ id: undefined }), env, now)).toStrictEqual(malformed("event needs id and type"));
    expect(verifyStripe(event({ type: "" }), env, now)).toStrictEqual(malformed("event needs id and type"));
  });

  it("an event without data.object", () => {
    expect(verifyStripe(event({ data: { object: "pi_3QaBcD2eZvKYlo2C0000000008" } }), env, now)).toStrictEqual(malformed("event.data.object missing"));
  });

  it("a payment-intent event carrying another object", () => {
    expect(verifyStripe(event({ type: "payment_intent.canceled" }, { id: "ch_1", object: "charge" }), env, now)).toStrictEqual(
      malformed("payment_intent.canceled without a payment_intent object"),
    );
  });

  it("an intent the builder refuses is malformed with its reason", () => {
    expect(verifyStripe(event({}, intent({ currency: undefined })), env, now)).toStrictEqual(malformed("payment_intent.currency missing or not ISO-4217"));
  });
});

describe("verifyStripe other events", () => {
  it("a charge event is kept for the record under its own id, pointing at its intent", () => {
    const charge = { id: "ch_3QaBcD2eZvKYlo2C00000008", object: "charge", payment_intent: "pi_3QaBcD2eZvKYlo2C0000000008", metadata: { order_no: "ORD20260915000008" } };
    expect(verifyStripe(event({ type: "charge.refunded" }, charge), env, now)).toStrictEqual({
      ok: true,
      notification: {
        eventId: "evt_1QaBcD2eZvKYlo2C00000008",
        dedupeKey: "evt_1QaBcD2eZvKYlo2C00000008",
        orderNo: "ORD20260915000008",
        transactionId: "pi_3QaBcD2eZvKYlo2C0000000008",
        state: "OTHER",
        providerStatus: "charge.refunded",
        amountMinor: null,
        currency: null,
        eventAt: new Date("2026-09-15T04:05:41Z"),
        paidAt: null,
        facts: { object: "charge", object_id: "ch_3QaBcD2eZvKYlo2C00000008" },
      },
    });
  });

  it("another payment_intent event uses the intent's own id; no metadata means no order", () => {
    const pi = intent({ status: "processing", metadata: undefined, payment_intent: "pi_not_this_one" });
    expect(verifyStripe(event({ type: "payment_intent.processing" }, pi), env, now)).toStrictEqual({
      ok: true,
      notification: {
        eventId: "evt_1QaBcD2eZvKYlo2C00000008",
        dedupeKey: "evt_1QaBcD2eZvKYlo2C00000008",
        orderNo: null,
        transactionId: "pi_3QaBcD2eZvKYlo2C0000000008",
        state: "OTHER",
        providerStatus: "payment_intent.processing",
        amountMinor: null,
        currency: null,
        eventAt: new Date("2026-09-15T04:05:41Z"),
        paidAt: null,
        facts: { object: "payment_intent", object_id: "pi_3QaBcD2eZvKYlo2C0000000008" },
      },
    });
  });
});
