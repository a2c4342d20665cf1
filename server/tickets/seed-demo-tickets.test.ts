import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, tickets, users } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { seedDemoTickets } from "./seed-demo-tickets";

const db = useTestDb();

describe("seedDemoTickets", () => {
  it("opens self-service tickets on the seeded orders and has an agent solve one", async () => {
    await db().insert(users).values({ email: "agent@payops.local", name: "Agent", passwordHash: "x", role: "agent" });
    await db()
      .insert(orders)
      .values(
        (["PAID", "CREATED", "FULFILLED"] as const).map((status, i) => ({ orderNo: `SEED-T-${i}`, userId: `u${i}`, userPhone: `1380000000${i}`, amountMinor: 100, currency: "CNY", provider: "sandbox" as const, status })),
      );
    const now = new Date("2026-11-20T08:00:00Z");
    expect(await seedDemoTickets(db(), { now })).toEqual({ tickets: 3 });
    const rows = await db().select().from(tickets).orderBy(asc(tickets.orderNo));
    expect(rows.map((r) => [r.orderNo, r.source, r.status, r.situation])).toEqual([
      ["SEED-T-0", "self_service", "new", "processing"],
      ["SEED-T-1", "self_service", "new", "not_paid"],
      ["SEED-T-2", "self_service", "solved", "done"],
    ]);
    const [solved] = await db().select().from(tickets).where(eq(tickets.orderNo, "SEED-T-2"));
    expect(solved!.firstResponseAt).not.toBeNull();
    expect(solved!.createdAt.getTime()).toBeLessThan(now.getTime());
  });
});
