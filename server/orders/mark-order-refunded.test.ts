import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, orders, type Order } from "@/db/schema";
import type { OrderStatus } from "@/lib/enums";
import { systemActor } from "@/server/audit/write-audit";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { markOrderRefunded } from "./mark-order-refunded";

const db = useTestDb();
const actor = systemActor("refunds");

async function order(status: OrderStatus): Promise<Order> {
  const orderNo = uniqueOrderNo("MR");
  const [o] = await db().insert(orders).values({ orderNo, userId: "u", amountMinor: 1_000, currency: "CNY", provider: "sandbox", status }).returning();
  return o!;
}
const refund = (o: Order, refundedMinor: number) => db().transaction((tx) => markOrderRefunded(tx, actor, o, { refundedMinor, refundNo: "RF1" }));

// Hand-written: from → refunded total → resulting status (null = refused, nothing written).
const CASES: [OrderStatus, number, OrderStatus | null][] = [
  ["PAID", 1, "PARTIALLY_REFUNDED"],
  ["PAID", 999, "PARTIALLY_REFUNDED"],
  ["PAID", 1_000, "REFUNDED"],
  ["FULFILLED", 400, "PARTIALLY_REFUNDED"],
  ["FULFILLED", 1_000, "REFUNDED"],
  ["PARTIALLY_REFUNDED", 500, "PARTIALLY_REFUNDED"], // another partial refund: stays, nothing written
  ["PARTIALLY_REFUNDED", 1_000, "REFUNDED"],
  ["REFUNDED", 1_000, null], // nothing leaves REFUNDED
  ["CREATED", 100, null],
  ["CLOSED", 100, null],
];

describe("markOrderRefunded", () => {
  for (const [from, refundedMinor, expected] of CASES) {
    it(`${from} with ${refundedMinor}/1000 refunded → ${expected ?? "refused"}`, async () => {
      const o = await order(from);
      const result = await refund(o, refundedMinor);
      expect(result?.status ?? null).toBe(expected);
      const [row] = await db().select().from(orders).where(eq(orders.id, o.id));
      expect(row!.status).toBe(expected ?? from);
      const audits = await db().select().from(auditLogs).where(eq(auditLogs.entityId, o.orderNo));
      expect(audits.map((a) => a.action)).toEqual(expected && expected !== from ? [`order.${expected.toLowerCase()}`] : []);
    });
  }
});
