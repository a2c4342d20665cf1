import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { agentProfiles, ticketEvents, tickets, users } from "@/db/schema";
import { isPostgresRun, useTestDb } from "@/test/db";
import { createTicket } from "./create-ticket";
import { saveAgentProfile } from "./save-ticket-settings";
import { assignBacklog } from "./sweep-tickets";

// Races between separate transactions need separate connections: PostgreSQL only (PGlite has one connection;
// the assignment rules themselves are covered by ticket-queues.test.ts).
const db = useTestDb();
const B1 = "00000000-0000-4000-8000-0000000002b1";
const B2 = "00000000-0000-4000-8000-0000000002b2";
const actor = { id: null, label: "race@test" };
const admin = { id: null, label: "admin@test" };

beforeAll(async () => {
  if (!isPostgresRun()) return;
  await db().insert(users).values([
    { id: B1, email: "b1@race.test", name: "B1", passwordHash: "x", role: "agent" },
    { id: B2, email: "b2@race.test", name: "B2", passwordHash: "x", role: "agent" },
  ]);
});

beforeEach(async () => {
  if (!isPostgresRun()) return;
  await db().delete(ticketEvents);
  await db().delete(tickets);
  await db().delete(agentProfiles);
});

async function loads(): Promise<Record<string, number>> {
  const rows = await db().select({ a: tickets.assigneeId, n: sql<number>`count(*)::int` }).from(tickets).groupBy(tickets.assigneeId);
  return Object.fromEntries(rows.map((r) => [r.a ?? "none", r.n]));
}

async function assignedTwice(): Promise<number> {
  const rows = await db().select({ id: ticketEvents.ticketId, n: sql<number>`count(*)::int` }).from(ticketEvents).where(eq(ticketEvents.kind, "assigned")).groupBy(ticketEvents.ticketId);
  return rows.filter((r) => r.n > 1).length;
}

describe.skipIf(!isPostgresRun())("ticket assignment under concurrency (PostgreSQL)", () => {
  it("ten tickets opened at once fill two agents exactly to capacity, never above, each ticket assigned once", { timeout: 60_000 }, async () => {
    await saveAgentProfile(db(), B1, { skills: ["cs_l1"], capacity: 3, availability: "available" }, admin);
    await saveAgentProfile(db(), B2, { skills: ["cs_l1"], capacity: 3, availability: "available" }, admin);
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => createTicket(db(), { subject: `race ${i}`, description: "at once", source: "console", type: "paid_not_updated" }, actor)));
    expect(made.filter((m) => m.assigneeId).length).toBe(6);
    expect(await loads()).toEqual({ [B1]: 3, [B2]: 3, none: 4 });
    expect(await assignedTwice()).toBe(0);
  });

  it("two backlog sweeps at once assign each waiting ticket once and respect capacity", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 10; i++) await createTicket(db(), { subject: `backlog ${i}`, description: "waiting", source: "console", type: "paid_not_updated" }, actor);
    expect(await loads()).toEqual({ none: 10 });
    await saveAgentProfile(db(), B1, { skills: ["cs_l1"], capacity: 4, availability: "available" }, admin);
    await saveAgentProfile(db(), B2, { skills: ["cs_l1"], capacity: 4, availability: "available" }, admin);
    const [a, b] = await Promise.all([assignBacklog(db()), assignBacklog(db())]);
    expect(a.assigned + b.assigned).toBe(8);
    expect(await loads()).toEqual({ [B1]: 4, [B2]: 4, none: 2 });
    expect(await assignedTwice()).toBe(0);
  });
});
