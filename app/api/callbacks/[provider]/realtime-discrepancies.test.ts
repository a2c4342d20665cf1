import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/route";
import { POST as createOrderRoute } from "@/app/api/v1/orders/route";
import { auditLogs, discrepancies, orders } from "@/db/schema";
import { settleInbox } from "@/server/callbacks/inbox-applier";
import { getEnv } from "@/server/env";
import { openExpiredWaiting } from "@/server/recon/pending-review";
import { merchantRequest, postCallback, sandboxPayload, sandboxRequest, uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";

// Real time (issue 11): every verified callback is compared with its order the moment it is applied, through
// the real route, signature and inbox applier.
const db = useTestDb();

async function post(payload: unknown) {
  const res = await postCallback(callbackRoute, "sandbox", sandboxRequest(payload));
  expect(res.status).toBe(200);
  await settleInbox(db());
}

async function newOrder(orderNo: string, amountMinor = 1999) {
  const res = await createOrderRoute(merchantRequest("POST", "/api/v1/orders", { orderNo, userId: "u1", amountMinor, currency: "CNY", provider: "sandbox" }));
  expect(res.status).toBe(201);
}

const itemsOf = (transactionId: string) => db().select().from(discrepancies).where(eq(discrepancies.providerTransactionId, transactionId));

describe("real-time findings carry source, difference, business date and risk", () => {
  it("an amount mismatch: |paid − expected|, the payment's business day (Asia/Shanghai), high risk; the order stays unpaid", async () => {
    const orderNo = uniqueOrderNo("RT");
    await newOrder(orderNo, 1999);
    // 2026-11-25 17:30 UTC is already 2026-11-26 in Shanghai.
    await post(sandboxPayload({ orderNo, amountMinor: 1990, paidAt: "2026-11-25T17:30:00.000Z" }));
    const [d] = await itemsOf(`TX-${orderNo}`);
    expect(d).toMatchObject({ type: "amount_mismatch", source: "realtime", risk: "high", differenceMinor: 9, businessDate: "2026-11-26", expectedAmountMinor: 1999, actualAmountMinor: 1990, status: "open" });
    expect((await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!.status).toBe("CREATED");
  });

  it("a second payment on a paid order: duplicate_payment, the amount at stake as its difference", async () => {
    const orderNo = uniqueOrderNo("RT");
    await newOrder(orderNo, 1999);
    await post(sandboxPayload({ orderNo }));
    await post(sandboxPayload({ orderNo, transactionId: `TX2-${orderNo}` }));
    const [d] = await itemsOf(`TX2-${orderNo}`);
    expect(d).toMatchObject({ type: "duplicate_payment", orderNo, source: "realtime", risk: "high", differenceMinor: 1999 });
  });
});

describe("a payment for an order we do not hold (missing_internal)", () => {
  it("is recorded at once without an order, waits out RECON_GRACE, and is resolved when the order appears and the payment applies", async () => {
    const orderNo = uniqueOrderNo("MI");
    const payload = sandboxPayload({ orderNo, amountMinor: 1999 });
    await post(payload);
    await post(payload); // the provider's retry: still one item
    const [d] = await itemsOf(`TX-${orderNo}`);
    expect(await itemsOf(`TX-${orderNo}`)).toHaveLength(1);
    expect(d).toMatchObject({ type: "missing_internal", orderNo: null, status: "waiting", risk: "high", source: "realtime", differenceMinor: 1999, actualAmountMinor: 1999 });
    expect(d!.graceUntil!.getTime() - d!.detectedAt.getTime()).toBeGreaterThan(getEnv().RECON_GRACE - 60_000);
    expect(d!.ourFacts).toMatchObject({ orderNo, registered: false });

    await newOrder(orderNo, 1999);
    await settleInbox(db());
    expect((await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!.status).toBe("PAID");
    const [after] = await itemsOf(`TX-${orderNo}`);
    expect(after).toMatchObject({ status: "resolved", orderNo, repairRule: null });
    expect(after!.resolution).toMatch(new RegExp(`order ${orderNo} registered after the payment; its message was applied \\(applied\\)`));
    const audits = await db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "discrepancy"), eq(auditLogs.entityId, String(d!.id))));
    expect(audits.map((a) => a.action).sort()).toEqual(["discrepancy.auto_resolve", "discrepancy.create"]);
  });

  it("still unknown after the grace: opened as an exception by the sweep (and only then)", async () => {
    const orderNo = uniqueOrderNo("MI");
    await post(sandboxPayload({ orderNo }));
    const [d] = await itemsOf(`TX-${orderNo}`);
    await openExpiredWaiting(db(), new Date(d!.graceUntil!.getTime() - 1));
    expect((await itemsOf(`TX-${orderNo}`))[0]!.status).toBe("waiting");
    await openExpiredWaiting(db(), new Date(d!.graceUntil!.getTime() + 1));
    expect((await itemsOf(`TX-${orderNo}`))[0]!.status).toBe("open");
  });

  it("a message that is not a payment (closed) for an unknown order records nothing", async () => {
    const orderNo = uniqueOrderNo("MI");
    await post(sandboxPayload({ orderNo, status: "CLOSED" }));
    expect(await itemsOf(`TX-${orderNo}`)).toHaveLength(0);
  });
});
