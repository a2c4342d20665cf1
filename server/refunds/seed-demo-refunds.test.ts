import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, refunds } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { REFUND_E2E_ORDERS, seedDemoRefunds } from "./seed-demo-refunds";

const db = useTestDb();

describe("demo refunds", () => {
  it("seeds every state, one agent request waiting for approval, and the e2e orders paid; a second run adds nothing", async () => {
    expect(await seedDemoRefunds(db())).toEqual({ refunds: 4 });
    const rows = await db().select().from(refunds);
    expect(rows.map((r) => r.status).sort()).toEqual(["pending_approval", "processing", "succeeded", "succeeded"]);
    const waiting = rows.find((r) => r.status === "pending_approval")!;
    expect(waiting).toMatchObject({ requestedByRole: "agent", flags: ["over_single_limit"], amountMinor: 12_900 });
    const [partial] = await db().select().from(orders).where(eq(orders.orderNo, "REFUND-DEMO-0001"));
    expect(partial?.status).toBe("PARTIALLY_REFUNDED");
    const e2e = await db().select().from(orders).where(inArray(orders.orderNo, REFUND_E2E_ORDERS.map((o) => o.orderNo)));
    expect(e2e.map((o) => o.status)).toEqual(["PAID", "PAID"]);
    expect(await seedDemoRefunds(db())).toEqual({ refunds: 0 });
    expect(await db().select().from(refunds)).toHaveLength(4);
  });
});
