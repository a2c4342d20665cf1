import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, tickets, users } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { seedDemoTickets } from "./seed-demo-tickets";

const db = useTestDb();

describe("seedDemoTickets", () => {
  it("opens self-service tickets on the seeded orders (auto-assigned to the available agent), has an agent solve one, and shows every state", async () => {
    await db().insert(users).values({ email: "agent@payops.local", name: "Agent", passwordHash: "x", role: "agent" });
    await db()
      .insert(orders)
      .values(
        (["PAID", "CREATED", "FULFILLED"] as const).map((status, i) => ({ orderNo: `SEED-T-${i}`, userId: `u${i}`, userPhone: `1380000000${i}`, amountMinor: 100, currency: "CNY", provider: "sandbox" as const, status })),
      );
    const now = new Date("2026-11-20T08:00:00Z");
    expect(await seedDemoTickets(db(), { now })).toEqual({ tickets: 9 });
    const rows = await db().select().from(tickets).where(eq(tickets.source, "self_service")).orderBy(asc(tickets.orderNo));
    expect(rows.map((r) => [r.orderNo, r.source, r.status, r.situation, r.queue])).toEqual([
      ["SEED-T-0", "self_service", "open", "processing", "cs_l1"],
      ["SEED-T-1", "self_service", "open", "not_paid", "cs_l1"],
      ["SEED-T-2", "self_service", "solved", "done", "cs_l1"],
    ]);
    const statuses = new Set((await db().select({ status: tickets.status }).from(tickets)).map((r) => r.status));
    expect([...statuses].sort()).toEqual(["closed", "new", "open", "pending", "pending_approval", "solved"]);
    const [breaching] = await db().select().from(tickets).where(eq(tickets.sourceRef, "demo:breaching"));
    expect(breaching).toMatchObject({ slaState: "breached", priority: "urgent" });
    // a second run appends to the open ones and re-opens none of the console tickets (only the solved order's user gets a new one)
    expect(await seedDemoTickets(db(), { now })).toEqual({ tickets: 1 });
    const [solved] = await db().select().from(tickets).where(eq(tickets.orderNo, "SEED-T-2"));
    expect(solved!.firstResponseAt).not.toBeNull();
    expect(solved!.createdAt.getTime()).toBeLessThan(now.getTime());
  });
});
