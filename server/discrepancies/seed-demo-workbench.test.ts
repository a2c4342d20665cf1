import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { listDiscrepancies } from "./list-discrepancies";
import { RECON_E2E_DAYS_AGO, seedDemoWorkbench } from "./seed-demo-workbench";

const getDb = useTestDb();
const NOW = new Date("2026-11-25T02:00:00Z"); // 10:00 in Shanghai

describe("seedDemoWorkbench", () => {
  it("leaves three small HIGH amount mismatches open on yesterday's statement, and paid orders on a quiet day, once", async () => {
    await seedDemoWorkbench(getDb(), { now: NOW });
    await seedDemoWorkbench(getDb(), { now: NOW });
    const small = await listDiscrepancies(getDb(), { risk: "high", amountMaxMinor: 10, provider: "sandbox" });
    expect(small.items.map((d) => [d.orderNo, d.differenceMinor, d.businessDate, d.status])).toEqual([
      ["RECON-SMALL-0003", 9, "2026-11-24", "open"],
      ["RECON-SMALL-0002", 6, "2026-11-24", "open"],
      ["RECON-SMALL-0001", 3, "2026-11-24", "open"],
    ]);
    const [o] = await getDb().select().from(orders).where(eq(orders.orderNo, "RECON-E2E-0003"));
    expect(o).toMatchObject({ status: "PAID", providerTransactionId: "SBXRECONE2E0003", amountMinor: 12_000 });
    expect(o!.paidAt!.getTime()).toBe(NOW.getTime() - RECON_E2E_DAYS_AGO * 86_400_000);
  });
});
