import { describe, expect, it } from "vitest";
import { GET as getOrderRoute } from "@/app/api/v1/orders/[orderNo]/route";
import { POST as createOrderRoute } from "@/app/api/v1/orders/route";
import { merchantRequest, uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";

useTestDb();

const base = () => ({ orderNo: uniqueOrderNo("M"), userId: "u-42", userPhone: "13912345678", amountMinor: 4599, currency: "CNY", provider: "sandbox", subject: "洗衣订单" });
const get = (orderNo: string, key?: string) =>
  getOrderRoute(merchantRequest("GET", `/api/v1/orders/${orderNo}`, undefined, key), { params: Promise.resolve({ orderNo }) });

describe("merchant order API", () => {
  it("creates (201), repeats identically (200), refuses different data (409)", async () => {
    const order = base();
    const created = await createOrderRoute(merchantRequest("POST", "/api/v1/orders", order));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ orderNo: order.orderNo, status: "CREATED", amountMinor: 4599, currency: "CNY", needsReview: false });
    const again = await createOrderRoute(merchantRequest("POST", "/api/v1/orders", order));
    expect(again.status).toBe(200);
    const changed = await createOrderRoute(merchantRequest("POST", "/api/v1/orders", { ...order, amountMinor: 4600 }));
    expect(changed.status).toBe(409);
    expect((await changed.json()).error.details.fields).toEqual(["amountMinor"]);
  });

  it("defaults the currency to CNY", async () => {
    const { currency: _omit, ...order } = base();
    const res = await createOrderRoute(merchantRequest("POST", "/api/v1/orders", order));
    expect((await res.json()).currency).toBe("CNY");
  });

  it("answers 400 with field errors", async () => {
    const res = await createOrderRoute(merchantRequest("POST", "/api/v1/orders", { ...base(), amountMinor: 12.3, provider: "paypal", currency: "yuan" }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(Object.keys(error.details.fields).sort()).toEqual(["amountMinor", "currency", "provider"]);
    const notJson = await createOrderRoute(merchantRequest("POST", "/api/v1/orders", "{oops"));
    expect(notJson.status).toBe(400);
  });

  it("answers 401 on a missing or wrong key", async () => {
    expect((await createOrderRoute(merchantRequest("POST", "/api/v1/orders", base(), "wrong-key"))).status).toBe(401);
    expect((await createOrderRoute(merchantRequest("POST", "/api/v1/orders", base(), ""))).status).toBe(401);
    expect((await get("ANY", "wrong-key")).status).toBe(401);
  });

  it("returns an order's status, 404 for an unknown one", async () => {
    const order = base();
    await createOrderRoute(merchantRequest("POST", "/api/v1/orders", order));
    const res = await get(order.orderNo);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      orderNo: order.orderNo,
      status: "CREATED",
      amountMinor: 4599,
      currency: "CNY",
      provider: "sandbox",
      providerTransactionId: null,
      paidAt: null,
      fulfilledAt: null,
      needsReview: false,
    });
    expect((await get("NOPE-1")).status).toBe(404);
  });
});
