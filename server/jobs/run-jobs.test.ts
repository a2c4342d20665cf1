import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, jobAttempts, jobs } from "@/db/schema";
import { writeAudit, systemActor } from "@/server/audit/write-audit";
import { rowsOf } from "@/server/lib/sql";
import { useTestDb } from "@/test/db";
import { ensureOrders } from "@/test/orders";
import { enqueue } from "./enqueue";
import { claimJobs, runClaimedJob, runTick } from "./run-jobs";
import { defineJob, type JobDefinition, type JobRegistry } from "./types";

const db = useTestDb();
const registryOf = (...defs: JobDefinition<never>[]): JobRegistry => new Map(defs.map((d) => [d.type, d]));
// Each test uses its own job types so tests in this file never claim each other's jobs... except claimJobs
// claims any type; so every test drains what it enqueued and asserts on its own ids.
let seq = 0;
const uniqueType = (name: string) => `test.${name}.${++seq}.${Math.random().toString(36).slice(2, 6)}`;

async function jobRow(id: number) {
  const [row] = await db().select().from(jobs).where(eq(jobs.id, id));
  if (!row) throw new Error(`job ${id} missing`);
  return row;
}

describe("enqueue", () => {
  it("is a no-op for a second job with the same dedupe key", async () => {
    const def = defineJob<{ n: number }>({ type: uniqueType("dedupe"), retrySchedule: () => [10, 20], run: async () => {} });
    const key = `dedupe:${Math.random()}`;
    await ensureOrders(db(), ["ORD-1"]);
    const first = await enqueue(db(), def, { n: 1 }, { dedupeKey: key, orderNo: "ORD-1" });
    const second = await enqueue(db(), def, { n: 2 }, { dedupeKey: key });
    expect(first).toEqual(expect.any(Number));
    expect(second).toBeNull();
    const rows = await db().select().from(jobs).where(eq(jobs.dedupeKey, key));
    expect(rows).toHaveLength(1);
    // attempts = schedule length + 1, and the first payload wins
    expect(rows[0]).toMatchObject({ payload: { n: 1 }, maxAttempts: 3, status: "pending", orderNo: "ORD-1" });
    // without a key, two enqueues are two jobs
    const a = await enqueue(db(), def, { n: 3 });
    const b = await enqueue(db(), def, { n: 3 });
    expect(a).not.toBeNull();
    expect(b).not.toBe(a);
    await db().delete(jobs).where(eq(jobs.type, def.type));
  });

  it("rolls back with the caller's transaction", async () => {
    const def = defineJob({ type: uniqueType("tx"), retrySchedule: () => [], run: async () => {} });
    await expect(
      db().transaction(async (tx) => {
        await enqueue(tx, def, {});
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(await db().select().from(jobs).where(eq(jobs.type, def.type))).toHaveLength(0);
  });
});

describe("runClaimedJob", () => {
  it("retries with the backoff schedule, then dead-letters and calls onDead in the same transaction", async () => {
    // Steps far longer than any test pause, so "not due yet" holds even on a loaded box (or under
    // StrykerJS); the test then moves the due time to now instead of sleeping through it.
    const schedule = [60_000, 120_000];
    const calls: number[] = [];
    const def = defineJob<{ ref: string }>({
      type: uniqueType("flaky"),
      retrySchedule: () => schedule,
      run: async ({ job }) => {
        calls.push(job.attempts);
        throw new Error(`boom ${job.attempts}`);
      },
      onDead: async (tx, job, payload) => {
        await writeAudit(tx, systemActor("test"), { action: "job.dead", entityType: "job", entityId: String(job.id), after: payload });
      },
    });
    const registry = registryOf(def as JobDefinition<never>);
    const id = (await enqueue(db(), def, { ref: "r1" }))!;

    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = await claimJobs(db(), "w1", 10, 5_000);
      expect(claimed.map((j) => j.id)).toEqual([id]);
      expect(claimed[0]!.attempts).toBe(attempt);
      const outcome = await runClaimedJob(db(), registry, claimed[0]!, "w1");
      const row = await jobRow(id);
      if (attempt < 3) {
        expect(outcome).toBe("retry");
        expect(row).toMatchObject({ status: "pending", lastError: `boom ${attempt}`, lockedBy: null });
        const [last] = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, id)).orderBy(asc(jobAttempts.attempt)).offset(attempt - 1);
        const wait = row.runAt.getTime() - last!.finishedAt!.getTime();
        // schedule step for this attempt with ±20% jitter
        expect(wait).toBeGreaterThanOrEqual(schedule[attempt - 1]! * 0.8 - 1);
        expect(wait).toBeLessThanOrEqual(schedule[attempt - 1]! * 1.2 + 1);
        // not due before its time: nobody can claim it yet
        expect(await claimJobs(db(), "w2", 10, 5_000)).toEqual([]);
        await db().update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.id, id));
      } else {
        expect(outcome).toBe("dead");
        expect(row).toMatchObject({ status: "dead", lastError: "boom 3", attempts: 3 });
        expect(row.finishedAt).toBeInstanceOf(Date);
      }
    }
    expect(calls).toEqual([1, 2, 3]);
    const attempts = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, id)).orderBy(asc(jobAttempts.attempt));
    expect(attempts.map((a) => [a.attempt, a.ok, a.error, a.workerId])).toEqual([
      [1, false, "boom 1", "w1"],
      [2, false, "boom 2", "w1"],
      [3, false, "boom 3", "w1"],
    ]);
    const audits = await db().select().from(auditLogs).where(eq(auditLogs.entityId, String(id)));
    expect(audits.filter((a) => a.action === "job.dead")).toHaveLength(1);
    expect(audits[0]!.after).toEqual({ ref: "r1" });
    // dead jobs stay dead
    expect(await claimJobs(db(), "w3", 10, 5_000)).toEqual([]);
  });

  it("dead-letters the job even when onDead fails, rolling back only the hook's writes", async () => {
    const def = defineJob({
      type: uniqueType("ondead-fails"),
      retrySchedule: () => [],
      run: async () => {
        throw new Error("handler failed");
      },
      onDead: async (tx, job) => {
        await writeAudit(tx, systemActor("test"), { action: "job.dead", entityType: "job", entityId: String(job.id) });
        throw new Error("onDead failed");
      },
    });
    const id = (await enqueue(db(), def, {}))!;
    const [job] = await claimJobs(db(), "w1", 10, 60_000);
    expect(await runClaimedJob(db(), registryOf(def as JobDefinition<never>), job!, "w1")).toBe("dead");
    // The hook's audit row rolled back with its transaction; the job is dead and says why.
    const row = await jobRow(id);
    expect(row.status).toBe("dead");
    expect(row.lastError).toMatch(/handler failed; onDead failed: onDead failed/);
    expect(await db().select().from(auditLogs).where(eq(auditLogs.entityId, String(id)))).toHaveLength(0);
    await db().delete(jobs).where(eq(jobs.id, id));
  });

  it("records the handler's detail and fails unknown job types without throwing", async () => {
    const def = defineJob({ type: uniqueType("ok"), retrySchedule: () => [], run: async () => ({ httpStatus: 204 }) });
    const okId = (await enqueue(db(), def, {}))!;
    const orphan = defineJob({ type: uniqueType("unregistered"), retrySchedule: () => [], run: async () => {} });
    const orphanId = (await enqueue(db(), orphan, {}))!;
    const result = await runTick(db(), registryOf(def as JobDefinition<never>), { workerId: "tick", concurrency: 2 });
    expect(result).toMatchObject({ ran: 2, succeeded: 1, dead: 1 });
    expect((await jobRow(okId)).status).toBe("succeeded");
    const [attempt] = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, okId));
    expect(attempt).toMatchObject({ ok: true, detail: { httpStatus: 204 }, error: null });
    expect(await jobRow(orphanId)).toMatchObject({ status: "dead", lastError: expect.stringContaining("no handler registered") });
  });
});

describe("leases", () => {
  it("re-claims a running job whose lease expired, and the late first worker cannot overwrite it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let slowStarted!: () => void;
    const slowInside = new Promise<void>((r) => (slowStarted = r));
    const def = defineJob({
      type: uniqueType("lease"),
      retrySchedule: () => [10],
      run: async ({ workerId }) => {
        if (workerId === "slow") {
          slowStarted();
          await gate; // the first worker stalls (GC pause, partition) past its lease
        }
        return { by: workerId };
      },
    });
    const registry = registryOf(def as JobDefinition<never>);
    const id = (await enqueue(db(), def, {}))!;
    const [first] = await claimJobs(db(), "slow", 1, 60_000);
    expect(first).toMatchObject({ id, attempts: 1, lockedBy: "slow" });
    const slowRun = runClaimedJob(db(), registry, first!, "slow");
    // Wait until the slow worker is inside its handler. Before that, its attempt-log insert may still be
    // open on another pooled connection, holding a key-share lock on the job row that FOR UPDATE SKIP
    // LOCKED skips; the re-claim below would then find nothing (CI stop 16 on PostgreSQL).
    await slowInside;

    // Within the lease nobody else gets it.
    expect(await claimJobs(db(), "fast", 10, 5_000)).toEqual([]);
    // The lease runs out (moved into the past rather than slept through: deterministic under load).
    await db().update(jobs).set({ lockedUntil: sql`now() - interval '1 millisecond'` }).where(eq(jobs.id, id));
    const [second] = await claimJobs(db(), "fast", 10, 5_000);
    expect(second).toMatchObject({ id, attempts: 2, lockedBy: "fast" });
    expect(await runClaimedJob(db(), registry, second!, "fast")).toBe("succeeded");

    release();
    expect(await slowRun).toBe("lost");
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, lockedBy: null });
    const attempts = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, id)).orderBy(asc(jobAttempts.attempt));
    expect(attempts.map((a) => [a.attempt, a.workerId, a.ok])).toEqual([
      [1, "slow", true],
      [2, "fast", true],
    ]);
  });
});

describe("claimJobs", () => {
  it("never hands one job to two workers claiming concurrently", async () => {
    const def = defineJob({ type: uniqueType("claim"), retrySchedule: () => [], run: async () => {} });
    const ids = new Set<number>();
    await db().transaction(async (tx) => {
      for (let i = 0; i < 150; i++) ids.add((await enqueue(tx, def, { i }))!);
    });
    const claimedBy = new Map<number, string[]>();
    // Five workers claim in parallel until the queue is empty. On PostgreSQL these are separate pooled
    // connections racing for the same rows; on PGlite (one connection) the statements interleave.
    await Promise.all(
      ["a", "b", "c", "d", "e"].map(async (w) => {
        for (;;) {
          const got = await claimJobs(db(), w, 7, 60_000);
          if (got.length === 0) return;
          for (const j of got) claimedBy.set(j.id, [...(claimedBy.get(j.id) ?? []), w]);
        }
      }),
    );
    // claimJobs takes any type; a job left behind by a failed test above must not fail this one too.
    expect(new Set([...claimedBy.keys()].filter((id) => ids.has(id)))).toEqual(ids);
    const doubles = [...claimedBy].filter(([, ws]) => ws.length > 1);
    expect(doubles).toEqual([]);
    const rows = rowsOf<{ n: number }>(
      await db().execute(sql`SELECT count(*)::int AS n FROM jobs WHERE type = ${def.type} AND status = 'running' AND attempts = 1`),
    );
    expect(rows[0]!.n).toBe(ids.size);
    await db().delete(jobs).where(eq(jobs.type, def.type));
  });

  it("claims due jobs in run_at order and leaves future ones", async () => {
    const def = defineJob({ type: uniqueType("order"), retrySchedule: () => [], run: async () => {} });
    const now = Date.now();
    const late = (await enqueue(db(), def, {}, { runAt: new Date(now - 1_000) }))!;
    const early = (await enqueue(db(), def, {}, { runAt: new Date(now - 5_000) }))!;
    const future = (await enqueue(db(), def, {}, { runAt: new Date(now + 60_000) }))!;
    // RETURNING order is unspecified, so claim one at a time to see the order.
    expect((await claimJobs(db(), "w", 1, 60_000)).map((j) => j.id)).toEqual([early]);
    expect((await claimJobs(db(), "w", 1, 60_000)).map((j) => j.id)).toEqual([late]);
    expect(await claimJobs(db(), "w", 10, 60_000)).toEqual([]);
    expect((await jobRow(future)).status).toBe("pending");
    await db().delete(jobs).where(eq(jobs.type, def.type));
  });
});
