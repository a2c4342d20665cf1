import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/route";
import { PROVIDERS } from "@/lib/enums";
import { callbackEvents, jobs, orders } from "@/db/schema";
import { settleInbox } from "@/server/callbacks/inbox-applier";
import { registerOrder } from "@/server/orders/register-order";
import { postCallback, uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { useProviders } from "@/test/provider-env";
import { fakeTransactionId, signProviderCallback } from "@/test/provider-signers";

const db = useTestDb();
const { keys } = useProviders();

const toRequest = (provider: string, m: { headers: Record<string, string>; body: string }) =>
  new Request(`http://test.local/api/callbacks/${provider}`, { method: "POST", headers: m.headers, body: m.body });

describe.each(PROVIDERS)("POST /api/callbacks/%s end to end", (provider) => {
  const currency = provider === "stripe" ? "USD" : "CNY";

  it("verifies, pays the order once and answers the provider's success reply", async () => {
    const orderNo = uniqueOrderNo(provider.slice(0, 2).toUpperCase());
    await registerOrder(db(), { orderNo, userId: "u", amountMinor: 1999, currency, provider });
    const transactionId = fakeTransactionId(provider, Math.floor(Math.random() * 1e9));
    const msg = signProviderCallback(provider, keys(), { orderNo, transactionId, amountMinor: 1999, currency, state: "PAID", eventId: `ev-${orderNo}`, at: new Date(Date.now() - 2000) });

    const res = await postCallback(callbackRoute, provider, toRequest(provider, msg));
    expect(res.status).toBeLessThan(300);
    if (provider === "alipay") expect(await res.text()).toBe("success");
    if (provider === "wechatpay") expect(res.status).toBe(204);

    const again = await postCallback(callbackRoute, provider, toRequest(provider, msg));
    expect(again.status).toBeLessThan(300);
    // Acknowledged once stored; applied asynchronously by the inbox applier.
    await settleInbox(db());

    const [order] = await db().select().from(orders).where(eq(orders.orderNo, orderNo));
    expect(order).toMatchObject({ status: "PAID", providerTransactionId: transactionId });
    const events = await db().select().from(callbackEvents).where(eq(callbackEvents.orderNo, orderNo));
    expect(events.map((e) => e.outcome).sort()).toEqual(["applied", "duplicate"]);
    expect(events[0]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(await db().select().from(jobs).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, "order.fulfil")))).toHaveLength(1);
  });

  it("rejects a message signed with someone else's key and leaves the order alone", async () => {
    const orderNo = uniqueOrderNo("X");
    await registerOrder(db(), { orderNo, userId: "u", amountMinor: 1999, currency, provider });
    const msg = signProviderCallback(provider, keys(), { orderNo, transactionId: "T1", amountMinor: 1999, currency, state: "PAID", eventId: "e", at: new Date() });
    // Change the body after signing (the amount where it is in clear text; WeChat's is encrypted, so a
    // byte of the envelope): a forgery as far as the signature is concerned.
    let body = msg.body.replace(/1999|19\.99/, (m) => (m === "1999" ? "1998" : "19.98"));
    if (body === msg.body) body = msg.body.replace(/}$/, " }");
    expect(body).not.toBe(msg.body);
    const forged = { headers: msg.headers, body };
    const res = await postCallback(callbackRoute, provider, toRequest(provider, forged));
    expect(res.status).toBeGreaterThanOrEqual(400);
    if (provider === "alipay") expect(await res.text()).toBe("failure");
    const [order] = await db().select().from(orders).where(eq(orders.orderNo, orderNo));
    expect(order!.status).toBe("CREATED");
  });
});
