import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orders, ticketEvents, tickets } from "@/db/schema";
import { rowsOf } from "@/server/lib/sql";
import { isPostgresRun, useTestDb } from "@/test/db";
import { issueLookupToken } from "./lookup-token";
import { openSelfServiceTicket } from "./open-self-service-ticket";

// Races between separate transactions need separate connections: PostgreSQL only (PGlite has one connection,
// so there two submits simply run one after the other — the append path is covered by lookup.test.ts).
const db = useTestDb();
const T0 = new Date("2026-11-20T08:00:00Z");

const submit = (orderNo: string, description: string) =>
  openSelfServiceTicket(db(), { orderNo, phoneLast4: "1234", token: issueLookupToken(orderNo, "1234", T0), description, contactPreference: "sms", subject: orderNo }, T0);

describe.skipIf(!isPostgresRun())("self-service ticket races (PostgreSQL)", () => {
  beforeAll(async () => {
    await db()
      .insert(orders)
      .values(["RACE-1", "RACE-2"].map((orderNo) => ({ orderNo, userId: "u", userPhone: "13800001234", amountMinor: 100, currency: "CNY", provider: "sandbox" as const, status: "PAID" as const })));
  });

  it("five submits at once for one order make one ticket holding every message", { timeout: 60_000 }, async () => {
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => submit("RACE-1", `message ${i}`)));
    const rows = await db().select().from(tickets).where(eq(tickets.orderNo, "RACE-1"));
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => ("number" in r ? r.number : r.outcome)))).toEqual(new Set([rows[0]!.number]));
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    const events = await db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, rows[0]!.id));
    expect(events.map((e) => e.body).sort()).toEqual(["message 0", "message 1", "message 2", "message 3", "message 4"]);
  });

  it("a submit that loses the insert race (the other transaction not committed yet) appends to the winner", { timeout: 60_000 }, async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((r) => (inserted = r));
    const winner = db().transaction(async (tx) => {
      await tx.insert(tickets).values({ number: "T-RACE-WIN", subject: "s", description: "first", source: "self_service", orderNo: "RACE-2", createdBy: "self-service", status: "new" });
      inserted();
      await held;
    });
    await insertedSignal;
    const loser = submit("RACE-2", "second");
    // Wait until the loser's insert waits on the unique index, then let the winner commit.
    for (let i = 0; i < 200; i++) {
      const waiting = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from pg_locks where not granted`))[0]!.n;
      if (Number(waiting) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    release();
    await winner;
    expect(await loser).toEqual({ outcome: "appended", number: "T-RACE-WIN" });
    expect(await db().select().from(tickets).where(eq(tickets.orderNo, "RACE-2"))).toHaveLength(1);
  });
});
