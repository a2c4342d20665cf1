import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, refunds, type Order } from "@/db/schema";
import type { Provider } from "@/lib/enums";
import { applyNotification } from "@/server/callbacks/apply-notification";
import { recordProviderMessage } from "@/server/callbacks/record-provider-message";
import { getEnv } from "@/server/env";
import { PROVIDER_ADAPTERS, REFUND_ADAPTERS } from "@/server/providers";
import type { RefundCall } from "@/server/providers/types";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { useProviders } from "@/test/provider-env";
import { encryptWechatResource, signWechatpayEnvelope } from "@/test/provider-signers";
import { executeRefund } from "./execute-refund";
import { requestRefund } from "./request-refund";

const db = useTestDb();
const providers = useProviders();
const admin = { id: "00000000-0000-4000-8000-0000000000ad", label: "admin@payops.test", role: "admin" as const };

let seq = 0;
const call = (over: Partial<RefundCall> = {}): RefundCall => ({
  refundNo: `RF20261126ADAPTER${String(++seq).padStart(4, "0")}`,
  orderNo: uniqueOrderNo("AD"),
  transactionId: `pi_${seq}`,
  amountMinor: 1_230,
  currency: "CNY",
  orderAmountMinor: 5_000,
  reason: "charged_twice",
  ...over,
});

const PROVIDERS_UNDER_TEST: Exclude<Provider, "sandbox">[] = ["alipay", "wechatpay", "stripe"];

describe.each(PROVIDERS_UNDER_TEST)("%s refund adapter against its fake", (provider) => {
  const adapter = REFUND_ADAPTERS[provider];

  it("succeeds with a signed request the fake verified; the same refund no twice is one refund", async () => {
    providers.fake().setRefundMode(provider, { status: "SUCCESS" });
    const c = call();
    const first = await adapter.refund(c, getEnv());
    expect(first.kind).toBe("succeeded");
    const again = await adapter.refund(c, getEnv());
    expect(again.kind).toBe("succeeded");
    expect([...providers.fake().refundStores[provider].byNo.keys()].filter((k) => k === c.refundNo)).toHaveLength(1);
  });

  it("PROCESSING is asked again and later succeeds", async () => {
    providers.fake().setRefundMode(provider, { status: "PROCESSING", settlesAfter: 1 });
    const c = call();
    expect((await adapter.refund(c, getEnv())).kind).toBe("processing");
    expect((await adapter.queryRefund(c, getEnv())).kind).toBe("succeeded");
  });

  it("classifies provider errors: busy → retry (same no), refused → give up", async () => {
    const busy = { alipay: { error: "ACQ.SYSTEM_ERROR", http: 200 }, wechatpay: { error: "SYSTEM_ERROR", http: 500 }, stripe: { error: "api_error", http: 500 } }[provider];
    providers.fake().setRefundMode(provider, busy);
    expect((await adapter.refund(call(), getEnv())).kind).toBe("retry");
    const refused = { alipay: { error: "ACQ.TRADE_HAS_FINISHED", http: 200 }, wechatpay: { error: "USER_ACCOUNT_ABNORMAL", http: 403 }, stripe: { error: "charge_already_refunded", http: 400 } }[provider];
    providers.fake().setRefundMode(provider, refused);
    const out = await adapter.refund(call(), getEnv());
    expect(out).toMatchObject({ kind: "failed", code: refused.error });
    providers.fake().setRefundMode(provider, { status: "SUCCESS" });
  });

  it("a tampered answer is not trusted (throws: the job asks again)", async () => {
    if (provider === "stripe") return; // Stripe answers are not signed (TLS + secret key): nothing to tamper
    providers.fake().setRefundMode(provider, { status: "SUCCESS" });
    providers.fake().tamperNext(provider, 1);
    await expect(adapter.refund(call(), getEnv())).rejects.toThrow(/not trusted|signature/);
  });
});

async function paidOrder(provider: Provider, amountMinor: number): Promise<Order> {
  const orderNo = uniqueOrderNo("WX");
  const [o] = await db().insert(orders).values({ orderNo, userId: `u-${orderNo}`, amountMinor, currency: "CNY", provider, status: "PAID", providerTransactionId: `4200${orderNo}`, paidAt: new Date() }).returning();
  return o!;
}

describe("WeChat Pay refund notification", () => {
  it("a verified REFUND.SUCCESS settles the matching processing refund and moves the order", async () => {
    providers.fake().setRefundMode("wechatpay", { status: "PROCESSING", settlesAfter: 99 });
    const order = await paidOrder("wechatpay", 4_500);
    const r = await requestRefund(db(), admin, { orderNo: order.orderNo, kind: "refund", amountMinor: 4_500, reasonCode: "deducted_but_failed" });
    expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "processing" });
    const keys = providers.keys();
    const resource = { mchid: keys.wechatpay.mchId, out_trade_no: order.orderNo, transaction_id: order.providerTransactionId, refund_id: "50300000001", out_refund_no: r.refundNo, refund_status: "SUCCESS", success_time: "2026-11-26T18:00:00+08:00", amount: { total: 4_500, refund: 4_500, payer_total: 4_500, payer_refund: 4_500 } };
    const nonce = randomBytes(6).toString("hex");
    const envelope = {
      id: `EV-RF-${r.refundNo}`, create_time: "2026-11-26T18:00:01+08:00", resource_type: "encrypt-resource", event_type: "REFUND.SUCCESS", summary: "退款成功",
      resource: { original_type: "refund", algorithm: "AEAD_AES_256_GCM", ciphertext: encryptWechatResource(keys.wechatpay.apiV3Key, JSON.stringify(resource), nonce, "refund"), associated_data: "refund", nonce },
    };
    const signed = signWechatpayEnvelope(keys, envelope);
    const now = new Date();
    const verified = PROVIDER_ADAPTERS.wechatpay.verify({ headers: signed.headers, body: signed.body, receivedAt: now }, getEnv(), now);
    if (!verified.ok) throw new Error(verified.reason);
    const apply = async () => {
      const callbackEventId = await recordProviderMessage(db(), { provider: "wechatpay", source: "notify", headers: signed.headers, body: signed.body, receivedAt: now });
      return applyNotification(db(), { callbackEventId, provider: "wechatpay", source: "notify", receivedAt: now, notification: verified.notification });
    };
    expect(await apply()).toMatchObject({ outcome: "applied" });
    const [row] = await db().select().from(refunds).where(eq(refunds.refundNo, r.refundNo));
    expect(row).toMatchObject({ status: "succeeded", providerStatus: "SUCCESS", providerRefundId: "50300000001" });
    expect((await db().select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("REFUNDED");
    // WeChat retries notifications for ~24 h: a duplicate changes nothing.
    expect((await apply()).outcome).toBe("ignored");
    providers.fake().setRefundMode("wechatpay", { status: "SUCCESS" });
  });
});
