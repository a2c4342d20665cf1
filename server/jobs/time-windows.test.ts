import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { jobAttempts, jobs, schedules } from "@/db/schema";
import { rowsOf } from "@/server/lib/sql";
import { useTestDb } from "@/test/db";
import { enqueue } from "./enqueue";
import { claimJobs, runClaimedJob, runTick } from "./run-jobs";
import { ensureSchedule, runDueSchedules } from "./schedules";
import { defineJob, type JobDefinition, type JobRegistry } from "./types";

// Exact boundaries of every time window the job runner keeps (issue #6: "boundaries of time windows,
// compared with the wrong sign or inclusivity"). Inside one transaction now() is fixed, so a row can be
// placed exactly AT now(), or one microsecond (PostgreSQL's resolution) either side of it, and the
// comparison in the claiming SQL is observed directly instead of raced against a clock.

const db = useTestDb();
let seq = 0;
const uniqueType = (name: string) => `test.window.${name}.${++seq}.${Math.random().toString(36).slice(2, 6)}`;
const noop = (name: string) => defineJob({ type: uniqueType(name), retrySchedule: () => [], run: async () => {} });
const registryOf = (...defs: JobDefinition<never>[]): JobRegistry => new Map(defs.map((d) => [d.type, d]));
const jobRow = async (id: number) => (await db().select().from(jobs).where(eq(jobs.id, id)))[0]!;
/** Evaluates boolean SQL in the caller's transaction, where now() is the transaction's fixed start. */
const check = async (tx: Db, query: ReturnType<typeof sql>) => rowsOf<Record<string, boolean>>(await tx.execute(query))[0]!;
const cleanUp = (...ids: number[]) => db().delete(jobs).where(inArray(jobs.id, ids));

describe("due time (run_at)", () => {
  it("a pending job is due exactly at its run_at, not a microsecond before", async () => {
    const def = noop("due");
    const atNow = (await enqueue(db(), def, {}))!;
    const justAfter = (await enqueue(db(), def, {}))!;
    const justBefore = (await enqueue(db(), def, {}))!;
    await db().transaction(async (tx) => {
      await tx.update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.id, atNow));
      await tx.update(jobs).set({ runAt: sql`now() + interval '1 microsecond'` }).where(eq(jobs.id, justAfter));
      await tx.update(jobs).set({ runAt: sql`now() - interval '1 microsecond'` }).where(eq(jobs.id, justBefore));
      const claimed = await claimJobs(tx, "w", 10, 60_000);
      expect(claimed.map((j) => j.id).sort()).toEqual([atNow, justBefore].sort());
    });
    expect((await jobRow(justAfter)).status).toBe("pending");
    await cleanUp(atNow, justAfter, justBefore);
  });

  it("a failed attempt is due again exactly backoff-delay after it finished", async () => {
    const def = defineJob({
      type: uniqueType("backoff"),
      retrySchedule: () => [60_000],
      run: async () => {
        throw new Error("down");
      },
    });
    const id = (await enqueue(db(), def, {}))!;
    const [job] = await claimJobs(db(), "w", 1, 60_000);
    expect(await runClaimedJob(db(), registryOf(def as JobDefinition<never>), job!, "w")).toBe("retry");
    const row = await jobRow(id);
    const [attempt] = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, id));
    const wait = row.runAt.getTime() - attempt!.finishedAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(48_000);
    expect(wait).toBeLessThanOrEqual(72_000);
    expect(row).toMatchObject({ status: "pending", attempts: 1, maxAttempts: 2, lockedBy: null, lockedUntil: null, lastError: "down" });
    expect(row.finishedAt).toBeNull();
    // Not due a microsecond before that instant; due at it.
    await db().transaction(async (tx) => {
      await tx.update(jobs).set({ runAt: sql`now() + interval '1 microsecond'` }).where(eq(jobs.id, id));
      expect(await claimJobs(tx, "w", 10, 60_000)).toEqual([]);
      await tx.update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.id, id));
      expect((await claimJobs(tx, "w", 10, 60_000)).map((j) => j.id)).toEqual([id]);
    });
    await cleanUp(id);
  });
});

describe("lease (locked_until)", () => {
  it("a claim's lease is exactly now() + leaseMs", async () => {
    const id = (await enqueue(db(), noop("lease-length"), {}))!;
    await db().transaction(async (tx) => {
      const [job] = await claimJobs(tx, "w", 1, 1_234);
      expect(job).toMatchObject({ id, status: "running", attempts: 1, lockedBy: "w", finishedAt: null, lastError: null });
      expect(job!.runAt).toBeInstanceOf(Date);
      expect(job!.lockedUntil).toBeInstanceOf(Date);
      expect(
        await check(tx, sql`SELECT locked_until = now() + interval '1234 milliseconds' AS lease, updated_at = now() AS stamped FROM jobs WHERE id = ${id}`),
      ).toEqual({ lease: true, stamped: true });
    });
    await cleanUp(id);
  });

  it("holds through its last instant and is re-claimable a microsecond after", async () => {
    const id = (await enqueue(db(), noop("lease-edge"), {}))!;
    const [first] = await claimJobs(db(), "first", 1, 60_000);
    expect(first!.id).toBe(id);
    await db().transaction(async (tx) => {
      await tx.update(jobs).set({ lockedUntil: sql`now()` }).where(eq(jobs.id, id));
      expect(await claimJobs(tx, "second", 10, 60_000)).toEqual([]);
      await tx.update(jobs).set({ lockedUntil: sql`now() - interval '1 microsecond'` }).where(eq(jobs.id, id));
      const [again] = await claimJobs(tx, "second", 10, 60_000);
      expect(again).toMatchObject({ id, status: "running", attempts: 2, lockedBy: "second" });
    });
    await cleanUp(id);
  });

  it("only a running job's lease matters: finished jobs with an old lease stay finished", async () => {
    const def = noop("finished");
    const ids = [(await enqueue(db(), def, {}))!, (await enqueue(db(), def, {}))!, (await enqueue(db(), def, {}))!];
    // Rows as a crash could leave them: a past lease on a job that is no longer running.
    for (const [i, status] of (["succeeded", "dead", "cancelled"] as const).entries()) {
      await db()
        .update(jobs)
        .set({ status, lockedBy: "gone", lockedUntil: new Date(Date.now() - 60_000), runAt: new Date(Date.now() - 60_000) })
        .where(eq(jobs.id, ids[i]!));
    }
    expect(await claimJobs(db(), "w", 10, 60_000)).toEqual([]);
    await cleanUp(...ids);
  });
});

describe("schedules (next_run_at)", () => {
  it("a schedule fires exactly at its slot, not a microsecond before, and moves to slot + interval", async () => {
    const name = `window-${Math.random().toString(36).slice(2, 8)}`;
    await ensureSchedule(db(), name, "test.window.sched", 90_000);
    await db().transaction(async (tx) => {
      await tx.update(schedules).set({ nextRunAt: sql`now() + interval '1 microsecond'` }).where(eq(schedules.name, name));
      expect(await runDueSchedules(tx)).toBe(0);
      await tx.update(schedules).set({ nextRunAt: sql`now()` }).where(eq(schedules.name, name));
      expect(await runDueSchedules(tx)).toBe(1);
      // The next slot counts from the fire time (now), one interval on.
      expect(
        await check(tx, sql`SELECT next_run_at = now() + interval '90000 milliseconds' AS next, updated_at = now() AS stamped FROM schedules WHERE name = ${name}`),
      ).toEqual({ next: true, stamped: true });
      expect(await runDueSchedules(tx)).toBe(0);
    });
    const enqueued = await db().select().from(jobs).where(eq(jobs.type, "test.window.sched"));
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toMatchObject({ payload: { schedule: name }, maxAttempts: 1, status: "pending" });
    expect(enqueued[0]!.dedupeKey).toMatch(new RegExp(`^schedule:${name}:\\d{4}-\\d\\d-\\d\\d `));
    await db().update(schedules).set({ enabled: false }).where(eq(schedules.name, name));
    await db().delete(jobs).where(eq(jobs.type, "test.window.sched"));
  });

  it("one slot enqueues one job even if it is fired twice (the dedupe key is the slot)", async () => {
    const name = `window-dup-${Math.random().toString(36).slice(2, 8)}`;
    await ensureSchedule(db(), name, "test.window.dup", 90_000);
    const [s] = await db().select().from(schedules).where(eq(schedules.name, name));
    expect(await runDueSchedules(db())).toBe(1);
    // Put the schedule back on the same slot (what a second ticker that read it before our update sees).
    await db().update(schedules).set({ nextRunAt: s!.nextRunAt }).where(eq(schedules.name, name));
    expect(await runDueSchedules(db())).toBe(1);
    expect(await db().select().from(jobs).where(eq(jobs.type, "test.window.dup"))).toHaveLength(1);
    await db().update(schedules).set({ enabled: false }).where(eq(schedules.name, name));
    await db().delete(jobs).where(eq(jobs.type, "test.window.dup"));
  });
});

describe("runTick budgets", () => {
  it("a zero time budget claims nothing, but due schedules still fire", async () => {
    const id = (await enqueue(db(), noop("budget"), {}))!;
    const name = `window-tick-${Math.random().toString(36).slice(2, 8)}`;
    await ensureSchedule(db(), name, "test.window.tick", 90_000);
    const r = await runTick(db(), new Map(), { workerId: "tick", budgetMs: 0 });
    expect(r).toEqual({ ran: 0, succeeded: 0, retried: 0, dead: 0, lost: 0, schedulesFired: 1 });
    expect((await jobRow(id)).status).toBe("pending");
    await db().update(schedules).set({ enabled: false }).where(eq(schedules.name, name));
    await db().delete(jobs).where(eq(jobs.type, "test.window.tick"));
    await cleanUp(id);
  });

  it("maxJobs is an exact cap, across claims smaller than the concurrency", async () => {
    const def = noop("cap");
    const registry = registryOf(def as JobDefinition<never>);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueue(db(), def, { i }, { runAt: new Date(Date.now() - 10_000 + i) }))!);
    // One job per claim: the loop must stop after exactly two, not at "≤ 2".
    expect(await runTick(db(), registry, { workerId: "tick", maxJobs: 2, concurrency: 1 })).toMatchObject({ ran: 2, succeeded: 2 });
    // Three per claim but only one left in the budget: the claim is cut to one.
    expect(await runTick(db(), registry, { workerId: "tick", maxJobs: 1, concurrency: 3 })).toMatchObject({ ran: 1, succeeded: 1 });
    expect(await runTick(db(), registry, { workerId: "tick", maxJobs: 0 })).toMatchObject({ ran: 0 });
    const statuses = await Promise.all(ids.map(async (id) => (await jobRow(id)).status));
    // Oldest first.
    expect(statuses).toEqual(["succeeded", "succeeded", "succeeded", "pending", "pending"]);
    expect(await runTick(db(), registry, { workerId: "tick", concurrency: 5 })).toMatchObject({ ran: 2, succeeded: 2 });
    await cleanUp(...ids);
  });

  it("cuts the last claim to what is left of maxJobs", async () => {
    const def = noop("cap-cut");
    const registry = registryOf(def as JobDefinition<never>);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueue(db(), def, { i }))!);
    // Claims of two: 2, then min(2, 3 - 2) = 1. Three in all, never four.
    expect(await runTick(db(), registry, { workerId: "tick", maxJobs: 3, concurrency: 2 })).toMatchObject({ ran: 3, succeeded: 3 });
    const statuses = (await db().select({ status: jobs.status }).from(jobs).where(inArray(jobs.id, ids))).map((r) => r.status);
    expect(statuses.filter((s) => s === "pending")).toHaveLength(2);
    await cleanUp(...ids);
  });

  it("the time budget is elapsed time: nothing at exactly zero elapsed of zero, everything within a long one", async () => {
    const def = noop("budget-edge");
    const registry = registryOf(def as JobDefinition<never>);
    const id = (await enqueue(db(), def, {}))!;
    // The clock stands still: elapsed is exactly 0, and a budget of 0 is already spent (elapsed < budget).
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now);
    try {
      expect(await runTick(db(), registry, { workerId: "tick", budgetMs: 0 })).toMatchObject({ ran: 0 });
    } finally {
      clock.mockRestore();
    }
    expect((await jobRow(id)).status).toBe("pending");
    expect(await runTick(db(), registry, { workerId: "tick", budgetMs: 60_000 })).toMatchObject({ ran: 1, succeeded: 1 });
    await cleanUp(id);
  });

  it("stops claiming once the budget is spent, finishing what it claimed", async () => {
    // A clock the handler moves on: each job "takes" 100 ms of a 50 ms budget, whatever the box's load.
    // The jobs are due a second ago: run_at comes from the JS clock and due-ness from the database's now(),
    // and PGlite's clock can stand a millisecond behind a run_at written just before the claim.
    let now = 0;
    const def = defineJob({ type: uniqueType("slow"), retrySchedule: () => [], run: async () => void (now += 100) });
    const registry = registryOf(def as JobDefinition<never>);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await enqueue(db(), def, { i }, { runAt: new Date(Date.now() - 1_000) }))!);
    now = Date.now();
    const clock = vi.spyOn(Date, "now").mockImplementation(() => now);
    try {
      expect(await runTick(db(), registry, { workerId: "tick", budgetMs: 50, concurrency: 1 })).toMatchObject({ ran: 1, succeeded: 1 });
    } finally {
      clock.mockRestore();
      await cleanUp(...ids);
    }
  });

  it("counts every outcome: succeeded, retried, dead and lost", async () => {
    const ok = noop("ok");
    const retry = defineJob({
      type: uniqueType("retry"),
      retrySchedule: () => [60_000],
      run: async () => {
        throw new Error("retry me");
      },
    });
    const dead = defineJob({
      type: uniqueType("dead"),
      retrySchedule: () => [],
      run: async () => {
        throw new Error("give up");
      },
    });
    // A handler that outlives its lease: another worker takes the job while it runs, so this run is lost.
    const lost = defineJob({
      type: uniqueType("lost"),
      retrySchedule: () => [],
      run: async ({ db: jobDb, job }) => {
        await jobDb.update(jobs).set({ lockedUntil: sql`now() - interval '1 millisecond'` }).where(eq(jobs.id, job.id));
        const stolen = await claimJobs(jobDb, "thief", 10, 60_000);
        expect(stolen.map((j) => j.id)).toEqual([job.id]);
      },
    });
    const registry = registryOf(...([ok, retry, dead, lost] as JobDefinition<never>[]));
    const ids = [
      (await enqueue(db(), ok, {}))!,
      (await enqueue(db(), retry, {}))!,
      (await enqueue(db(), dead, {}))!,
      (await enqueue(db(), lost, {}))!,
    ];
    const r = await runTick(db(), registry, { workerId: "tick", concurrency: 4 });
    expect(r).toEqual({ ran: 4, succeeded: 1, retried: 1, dead: 1, lost: 1, schedulesFired: 0 });
    expect((await jobRow(ids[3]!)).lockedBy).toBe("thief");
    await cleanUp(...ids);
  });
});
