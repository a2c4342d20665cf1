import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { callbackEvents, jobs, orders } from "@/db/schema";
import { applyInboxBatch } from "@/server/callbacks/inbox-applier";
import { insertProviderMessages } from "@/server/callbacks/record-provider-message";
import { enqueue } from "@/server/jobs/enqueue";
import { claimJobs, runClaimedJob } from "@/server/jobs/run-jobs";
import { defineJob, type JobDefinition } from "@/server/jobs/types";
import { executePrepared, rowsOf } from "@/server/lib/sql";
import { startNeonWsProxy, type NeonWsProxy } from "@/scripts/neon-ws-proxy";

// The Neon driver (@neondatabase/serverless over WebSockets) end to end: our WebSocket-to-TCP proxy in
// front of a real PostgreSQL server stands in for Neon's edge. NEON_SMOKE_URL is an admin URL of that
// server (a role with CREATEDB); the test creates, migrates and drops its own database.
// Skipped when unset because it needs a PostgreSQL server, which `npm test` (embedded PGlite) does not
// have; CI (.ci/run) starts PostgreSQL 15 and sets it.
const adminUrl = process.env.NEON_SMOKE_URL;

class Rollback extends Error {}

describe.skipIf(!adminUrl)("Neon serverless driver through the WebSocket proxy", () => {
  let proxy: NeonWsProxy;
  let handle: DbHandle;
  let dbName: string;

  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    dbName = `payops_neon_smoke_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
    proxy = await startNeonWsProxy();
    const url = new URL(adminUrl!);
    url.pathname = `/${dbName}`;
    // migrate: true — the migrator runs over the WebSocket too
    handle = await openDb({ driver: "neon", url: url.toString(), poolMax: 3, neonWsProxy: proxy.address });
  });

  afterAll(async () => {
    await handle?.close();
    await proxy?.close();
    if (dbName) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  });

  it("uses the neon driver and migrated the fresh database", async () => {
    expect(handle.driver).toBe("neon");
    expect(proxy.connections()).toBeGreaterThan(0);
    const tables = rowsOf<{ table_name: string }>(
      await handle.db.execute(sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`),
    ).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(["orders", "jobs", "job_attempts", "schedules", "audit_logs", "payment_events"]));
    const migrations = rowsOf<{ n: number }>(await handle.db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`));
    expect(migrations[0]!.n).toBeGreaterThan(0);
  });

  it("runs interactive transactions: rollback discards, commit keeps, bigint money comes back exact", async () => {
    const row = { orderNo: "NEON-ROLLBACK-1", userId: "u1", amountMinor: 9_007_199_254_740_991, currency: "CNY", provider: "sandbox" as const };
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.insert(orders).values(row);
        // Read-your-writes inside the transaction proves it is one session, not separate HTTP queries.
        const [seen] = await tx.select().from(orders).where(eq(orders.orderNo, row.orderNo));
        expect(seen?.amountMinor).toBe(9_007_199_254_740_991);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(await handle.db.select().from(orders).where(eq(orders.orderNo, row.orderNo))).toEqual([]);

    await handle.db.transaction(async (tx) => {
      await tx.insert(orders).values({ ...row, orderNo: "NEON-COMMIT-1", amountMinor: 1230 });
    });
    const [kept] = await handle.db.select().from(orders).where(eq(orders.orderNo, "NEON-COMMIT-1"));
    expect(kept).toMatchObject({ amountMinor: 1230, currency: "CNY", status: "CREATED" });
  });

  it("enqueues, claims (FOR UPDATE SKIP LOCKED) and completes a job", async () => {
    const ran: number[] = [];
    const def = defineJob<{ orderNo: string }>({
      type: "neon.smoke",
      retrySchedule: () => [10],
      run: async ({ job }) => {
        ran.push(job.id);
        return { ok: true };
      },
    });
    const id = await enqueue(handle.db, def, { orderNo: "NEON-COMMIT-1" }, { dedupeKey: "neon-smoke-1" });
    expect(await enqueue(handle.db, def, { orderNo: "NEON-COMMIT-1" }, { dedupeKey: "neon-smoke-1" })).toBeNull();
    const claimed = await claimJobs(handle.db, "neon-smoke", 5, 60_000);
    expect(claimed.map((j) => j.id)).toEqual([id]);
    expect(await claimJobs(handle.db, "neon-smoke-2", 5, 60_000)).toEqual([]);
    const outcome = await runClaimedJob(handle.db, new Map([[def.type, def as JobDefinition<never>]]), claimed[0]!, "neon-smoke");
    expect(outcome).toBe("succeeded");
    expect(ran).toEqual([id]);
    const [row] = await handle.db.select().from(jobs).where(eq(jobs.id, id!));
    expect(row).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("stores callbacks and applies them through the hot path's named prepared statements", async () => {
    await handle.db.insert(orders).values({ orderNo: "NEON-PAY-1", userId: "u-neon", amountMinor: 1999, currency: "CNY", provider: "sandbox" });
    const message = () => ({
      provider: "sandbox" as const,
      source: "notify" as const,
      headers: {},
      body: '{"n":1}',
      receivedAt: new Date(),
      verification: "verified" as const,
      outcome: "received" as const,
      notification: { eventId: "NEON-EVT-1", dedupeKey: "NEON-TX-1:PAID", orderNo: "NEON-PAY-1", transactionId: "NEON-TX-1", state: "PAID" as const, providerStatus: "SUCCESS", amountMinor: 1999, currency: "CNY", eventAt: null, paidAt: new Date(), facts: {} },
    });
    // The same statement text twice (the second run skips the parse on a connection that has it), then a resend.
    const [first] = await insertProviderMessages(handle.db, [message()]);
    const [second] = await insertProviderMessages(handle.db, [message()]);
    expect(await applyInboxBatch(handle.db)).toBe(2);
    const [order] = await handle.db.select().from(orders).where(eq(orders.orderNo, "NEON-PAY-1"));
    expect(order).toMatchObject({ status: "PAID", providerTransactionId: "NEON-TX-1" });
    const outcomes = await handle.db.select({ id: callbackEvents.id, outcome: callbackEvents.outcome }).from(callbackEvents).where(eq(callbackEvents.orderNo, "NEON-PAY-1"));
    expect(outcomes.sort((a, b) => a.id - b.id)).toEqual([
      { id: first, outcome: "applied" },
      { id: second, outcome: "duplicate" },
    ]);
    // The driver really prepares them: the connection holds the statement under its name.
    const held = await handle.db.transaction(async (tx) => {
      await executePrepared(tx, "neon_smoke", sql`SELECT ${1}::int AS n`);
      return rowsOf<{ statement: string }>(await tx.execute(sql`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'payops_neon_smoke_%'`));
    });
    expect(held.map((r) => r.statement)).toEqual(["SELECT $1::int AS n"]);
  });
});
