import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/enums";
import { auditLogs, jobs, orders } from "@/db/schema";
import { applyNotification } from "@/server/callbacks/apply-notification";
import { recordProviderMessage } from "@/server/callbacks/record-provider-message";
import type { PaymentState } from "@/server/providers/types";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { registerOrder } from "./register-order";
import { canTransition, STATUS_RANK, statusesBefore } from "./state-machine";

describe("order state machine (pure)", () => {
  it("allows exactly CREATED→PAID→FULFILLED, CREATED→CLOSED and the refund rows", () => {
    const allowed = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual([
      "CREATED→CLOSED",
      "CREATED→PAID",
      "FULFILLED→PARTIALLY_REFUNDED",
      "FULFILLED→REFUNDED",
      "PAID→FULFILLED",
      "PAID→PARTIALLY_REFUNDED",
      "PAID→REFUNDED",
      "PARTIALLY_REFUNDED→REFUNDED",
    ]);
    expect(statusesBefore("PAID")).toEqual(["CREATED"]);
    expect(statusesBefore("REFUNDED")).toEqual(["PAID", "FULFILLED", "PARTIALLY_REFUNDED"]);
    expect(ORDER_STATUSES.filter((to) => canTransition("REFUNDED", to))).toEqual([]);
  });
  it("never goes backwards", () => {
    for (const from of ORDER_STATUSES) for (const to of ORDER_STATUSES) if (canTransition(from, to)) expect(STATUS_RANK[to]).toBeGreaterThan(STATUS_RANK[from]);
  });
});

const db = useTestDb();

const event = fc.record({
  state: fc.constantFrom<PaymentState>("PAID", "PAID", "PAID", "CLOSED", "FAILED", "PENDING"),
  txn: fc.constantFrom("A", "B"),
  amountOk: fc.boolean(),
  source: fc.constantFrom("notify" as const, "query" as const),
});

describe("order state machine (applied to the database)", () => {
  // 40 runs of up to 12 transactions each: well within 30 s alone, not on a shared 2-core CI box.
  it("no sequence of provider messages skips or reverses a state or pays twice", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 12 }), async (events) => {
        const orderNo = uniqueOrderNo("P");
        await registerOrder(db(), { orderNo, userId: "u", amountMinor: 1000, provider: "sandbox" });
        const seen: OrderStatus[] = ["CREATED"];
        for (const e of events) {
          const receivedAt = new Date();
          const callbackEventId = await recordProviderMessage(db(), { provider: "sandbox", source: e.source, headers: {}, body: "{}", receivedAt });
          await applyNotification(db(), {
            callbackEventId,
            provider: "sandbox",
            source: e.source,
            receivedAt,
            notification: {
              eventId: null,
              dedupeKey: `${orderNo}-${e.txn}:${e.state}:${e.amountOk}`,
              orderNo,
              transactionId: `${orderNo}-${e.txn}`,
              state: e.state,
              providerStatus: e.state,
              amountMinor: e.amountOk ? 1000 : 999,
              currency: "CNY",
              eventAt: receivedAt,
              paidAt: receivedAt,
              facts: {},
            },
          });
          const [o] = await db().select().from(orders).where(eq(orders.orderNo, orderNo));
          if (o!.status !== seen.at(-1)) {
            expect(canTransition(seen.at(-1)!, o!.status)).toBe(true);
            seen.push(o!.status);
          }
        }
        const paid = (await db().select().from(auditLogs).where(eq(auditLogs.entityId, orderNo))).filter((a) => a.action === "order.paid");
        expect(paid.length).toBeLessThanOrEqual(1);
        const fulfil = (await db().select().from(jobs).where(eq(jobs.orderNo, orderNo))).filter((j) => j.type === "order.fulfil");
        expect(fulfil.length).toBe(paid.length);
        // Paid iff some correct-amount PAID message arrived while the order was still CREATED.
        const firstDecisive = events.find((e) => (e.state === "PAID" && e.amountOk) || e.state === "CLOSED");
        expect(seen.includes("PAID")).toBe(firstDecisive?.state === "PAID");
      }),
      { numRuns: 40 },
    );
  });
});
