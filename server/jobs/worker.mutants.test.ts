import { and, eq, inArray, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { jobs, schedules } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { log } from "@/server/lib/log";
import { rowsOf } from "@/server/lib/sql";
import { createTestDb, useTestDb } from "@/test/db";
import { enqueue } from "./enqueue";
import { defineJob, type JobDefinition, type JobRegistry } from "./types";
import { startWorker } from "./worker";

// The polling loop's own rules, observed from the database (issue #6, mutation testing): how many ticks it
// runs, when it waits and when it polls again at once, and what it logs when a tick or a job's runner fails.
// A tick starts with runDueSchedules' UPDATE of `schedules`; a statement-level trigger counts those
// statements (it fires even when no row is due), so the count is the number of ticks, on PGlite and
// PostgreSQL alike. worker.test.ts covers the loop's outcomes (every job runs, the cap holds, stop waits).

const db = useTestDb();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = () => Math.random().toString(36).slice(2, 8);

async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function counter(d: Db, name: string, table: "schedules" | "jobs"): Promise<() => Promise<number>> {
  await d.execute(sql.raw(`CREATE TABLE IF NOT EXISTS test_${name} (n integer NOT NULL)`));
  await d.execute(
    sql.raw(`CREATE OR REPLACE FUNCTION test_count_${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_${name} VALUES (1); RETURN NULL; END $$`),
  );
  await d.execute(sql.raw(`DROP TRIGGER IF EXISTS test_count_${name} ON ${table}`));
  await d.execute(sql.raw(`CREATE TRIGGER test_count_${name} AFTER UPDATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION test_count_${name}()`));
  await d.execute(sql.raw(`DELETE FROM test_${name}`));
  return async () => rowsOf<{ n: number }>(await d.execute(sql.raw(`SELECT count(*)::int AS n FROM test_${name}`)))[0]!.n;
}

/** Counts ticks (runDueSchedules' UPDATE of schedules, one per tick). */
async function installTickCounter(d: Db): Promise<() => Promise<number>> {
  // No schedule may fire during these tests: a fired schedule is a job the worker would claim.
  await d.update(schedules).set({ enabled: false });
  return counter(d, "worker_ticks", "schedules");
}

/** Counts claims (claimJobs' UPDATE of jobs, fired even when it claims nothing). */
const installClaimCounter = (d: Db) => counter(d, "worker_claims", "jobs");

function gatedJob() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  let started = 0;
  const def = defineJob({
    type: `test.worker-mutants.${rand()}`,
    retrySchedule: () => [],
    run: async () => {
      started++;
      await opened;
    },
  });
  return { def, open, started: () => started, registry: new Map([[def.type, def as JobDefinition<never>]]) as JobRegistry };
}

const statusOf = async (d: Db, id: number) => (await d.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id)))[0]?.status;

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.JOB_POLL_INTERVAL;
  resetEnvCache();
});

describe("startWorker: when it polls", () => {
  it("an idle worker ticks once, then waits for the poll interval", async () => {
    const ticks = await installTickCounter(db());
    const worker = startWorker(db(), new Map(), { kind: "idle-ticks", concurrency: 1, pollMs: 60_000 });
    try {
      await waitFor("the first tick", async () => (await ticks()) >= 1);
      await sleep(400);
      expect(await ticks()).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it("does not claim a job that falls due between polls before the next poll", async () => {
    await installTickCounter(db());
    const def = defineJob({ type: `test.worker-mutants.late.${rand()}`, retrySchedule: () => [], run: async () => {} });
    const registry = new Map([[def.type, def as JobDefinition<never>]]);
    const claims = await installClaimCounter(db());
    const worker = startWorker(db(), registry, { kind: "late", concurrency: 1, pollMs: 60_000 });
    let id: number | undefined;
    try {
      // The first tick claimed nothing; give that statement a moment to finish, then add a due job.
      await waitFor("the first claim", async () => (await claims()) >= 1);
      await sleep(100);
      const seen = await claims();
      id = (await enqueue(db(), def, {}))!;
      await sleep(700); // the job has been due for a while: only a worker that polls early would have it
      expect(await statusOf(db(), id)).toBe("pending");
      expect(await claims()).toBe(seen);
    } finally {
      await worker.stop();
      if (id) await db().delete(jobs).where(eq(jobs.id, id));
      await db().execute(sql.raw(`DROP TRIGGER IF EXISTS test_count_worker_claims ON jobs`));
    }
  });

  it("with a free slot left after claiming, polls again at once (one more tick), then waits", async () => {
    const ticks = await installTickCounter(db());
    const job = gatedJob();
    const id = (await enqueue(db(), job.def, {}))!;
    const worker = startWorker(db(), job.registry, { kind: "room", concurrency: 2, pollMs: 60_000 });
    try {
      await waitFor("the job to start", () => job.started() === 1);
      await waitFor("the second tick", async () => (await ticks()) >= 2);
      await sleep(400);
      expect(await ticks()).toBe(2);
      job.open();
      await waitFor("the job to succeed", async () => (await statusOf(db(), id)) === "succeeded");
    } finally {
      job.open();
      await worker.stop();
    }
  });

  it("with every slot taken after claiming, waits (no extra tick) until a job finishes", async () => {
    const ticks = await installTickCounter(db());
    const job = gatedJob();
    const id = (await enqueue(db(), job.def, {}))!;
    const worker = startWorker(db(), job.registry, { kind: "full", concurrency: 1, pollMs: 60_000 });
    try {
      await waitFor("the job to start", () => job.started() === 1);
      await sleep(400);
      expect(await ticks()).toBe(1);
      // The finished job frees its slot and wakes the loop: the next tick comes long before the poll interval.
      job.open();
      await waitFor("the job to succeed", async () => (await statusOf(db(), id)) === "succeeded");
      await waitFor("the tick after the slot freed", async () => (await ticks()) >= 2, 5_000);
    } finally {
      job.open();
      await worker.stop();
    }
  });

  it("uses the pollMs it is given, not JOB_POLL_INTERVAL", async () => {
    process.env.JOB_POLL_INTERVAL = "10m";
    resetEnvCache();
    const def = defineJob({ type: `test.worker-mutants.poll.${rand()}`, retrySchedule: () => [], run: async () => {} });
    const id = (await enqueue(db(), def, {}, { runAt: new Date(Date.now() + 150) }))!;
    const worker = startWorker(db(), new Map([[def.type, def as JobDefinition<never>]]), { kind: "poll", concurrency: 1, pollMs: 25 });
    try {
      await waitFor("the job due in 150 ms to succeed", async () => (await statusOf(db(), id)) === "succeeded", 5_000);
    } finally {
      await worker.stop();
    }
  });

  it("stop() during a tick returns when the tick ends, without sleeping the poll interval", async () => {
    const worker = startWorker(db(), new Map(), { kind: "stop-mid-tick", concurrency: 1, pollMs: 20_000 });
    // The loop is inside its first tick now (startWorker returns at the tick's first await).
    const t0 = Date.now();
    await worker.stop();
    expect(Date.now() - t0).toBeLessThan(5_000);
  }, 30_000);
});

describe("startWorker: what it logs", () => {
  it("logs its start (with its concurrency) and its stop", async () => {
    const info = vi.spyOn(log, "info");
    const worker = startWorker(db(), new Map(), { kind: "logs", concurrency: 3, pollMs: 20 });
    expect(info).toHaveBeenCalledWith("worker started", { workerId: worker.id, concurrency: 3 });
    await worker.stop();
    expect(info).toHaveBeenCalledWith("worker stopped", { workerId: worker.id });
  });

  it("logs a failed tick and a crashed runner, and keeps polling", async () => {
    // A database of its own: the test breaks tables under the worker.
    const handle = await createTestDb();
    const error = vi.spyOn(log, "error");
    const def = defineJob({ type: `test.worker-mutants.crash.${rand()}`, retrySchedule: () => [], run: async () => {} });
    const registry = new Map([[def.type, def as JobDefinition<never>]]) as JobRegistry;
    try {
      const d = handle.db;
      await d.update(schedules).set({ enabled: false });
      const id = (await enqueue(d, def, {}))!;
      // The runner records each attempt before running the handler: without the table it throws.
      await d.execute(sql.raw(`DROP TABLE job_attempts CASCADE`));
      const worker = startWorker(d, registry, { kind: "crash", concurrency: 1, pollMs: 20 });
      try {
        await waitFor("the crashed runner to be logged", () => error.mock.calls.some(([m]) => m === "job crashed the runner"));
        const crashed = error.mock.calls.find(([m]) => m === "job crashed the runner")!;
        expect(crashed[1]).toMatchObject({ jobId: id, error: expect.any(Error) });
        // Now every tick fails at its first query.
        await d.execute(sql.raw(`DROP TABLE schedules CASCADE`));
        const failed = () => error.mock.calls.filter(([m]) => m === "worker tick failed");
        await waitFor("two failed ticks (the loop survives the first)", () => failed().length >= 2);
        expect(failed()[0]![1]).toMatchObject({ workerId: worker.id, error: expect.any(Error) });
      } finally {
        await worker.stop();
      }
      const [row] = await d.select({ status: jobs.status }).from(jobs).where(and(eq(jobs.id, id), inArray(jobs.status, ["running"])));
      // Claimed, never run: its lease runs out and another worker takes it.
      expect(row?.status).toBe("running");
    } finally {
      await handle.close();
    }
  }, 90_000); // opens a database of its own inside the test
});
