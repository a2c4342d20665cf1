import { hostname } from "node:os";
import { eq, inArray, isNull, and } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobAttempts, jobs, schedules } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { enqueue } from "./enqueue";
import { ensureSchedule } from "./schedules";
import { defineJob, type JobDefinition, type JobRegistry } from "./types";
import { newWorkerId, startWorker } from "./worker";

// The polling loop of `npm run worker` and the in-process worker, with a handful of jobs (the 200-job
// crash test in worker-crash.test.ts is the acceptance test; this one pins the loop's rules cheaply).

const db = useTestDb();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function gatedJob(name: string) {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const seen: number[] = [];
  const def = defineJob<{ i: number }>({
    type: `test.worker.${name}.${Math.random().toString(36).slice(2, 8)}`,
    retrySchedule: () => [],
    run: async (_ctx, payload) => {
      seen.push(payload.i);
      await opened;
    },
  });
  return { def, open, seen, registry: new Map([[def.type, def as JobDefinition<never>]]) as JobRegistry };
}

const statuses = async (ids: number[]) => (await db().select({ status: jobs.status }).from(jobs).where(inArray(jobs.id, ids))).map((r) => r.status);
const openAttempts = async (ids: number[]) =>
  (await db().select().from(jobAttempts).where(and(inArray(jobAttempts.jobId, ids), isNull(jobAttempts.finishedAt)))).length;

describe("startWorker", () => {
  it("keeps at most `concurrency` jobs in flight and finishes them all", async () => {
    const job = gatedJob("cap");
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueue(db(), job.def, { i }))!);
    const worker = startWorker(db(), job.registry, { kind: "cap", concurrency: 2, pollMs: 10 });
    try {
      await waitFor("two jobs in flight", async () => job.seen.length === 2);
      // Several polls later, still two: the loop does not claim past its free slots.
      await sleep(100);
      expect(job.seen).toHaveLength(2);
      expect(await openAttempts(ids)).toBe(2);
      expect((await statuses(ids)).filter((s) => s === "running")).toHaveLength(2);
      job.open();
      await waitFor("every job to succeed", async () => (await statuses(ids)).every((s) => s === "succeeded"));
      expect(job.seen.sort()).toEqual([0, 1, 2, 3, 4]);
    } finally {
      job.open();
      await worker.stop();
    }
  });

  it("claims the next job as soon as a slot frees, without waiting for the poll interval", async () => {
    const def = defineJob<{ i: number }>({ type: `test.worker.wake.${Math.random().toString(36).slice(2, 8)}`, retrySchedule: () => [], run: async () => {} });
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await enqueue(db(), def, { i }))!);
    // One slot and a poll interval far longer than the test: only the "slot freed" wake-up can drain it.
    const worker = startWorker(db(), new Map([[def.type, def as JobDefinition<never>]]), { kind: "wake", concurrency: 1, pollMs: 600_000 });
    try {
      await waitFor("every job to succeed", async () => (await statuses(ids)).every((s) => s === "succeeded"), 15_000);
    } finally {
      await worker.stop();
    }
  });

  it("picks up work that arrives while idle, on the next poll", async () => {
    const def = defineJob({ type: `test.worker.idle.${Math.random().toString(36).slice(2, 8)}`, retrySchedule: () => [], run: async () => {} });
    const worker = startWorker(db(), new Map([[def.type, def as JobDefinition<never>]]), { kind: "idle", concurrency: 2, pollMs: 20 });
    try {
      await sleep(60); // idle: nothing due
      const id = (await enqueue(db(), def, {}))!;
      await waitFor("the late job to succeed", async () => (await statuses([id]))[0] === "succeeded", 15_000);
    } finally {
      await worker.stop();
    }
  });

  it("fires due schedules", async () => {
    const name = `worker-sched-${Math.random().toString(36).slice(2, 8)}`;
    const type = `test.worker.sched.${Math.random().toString(36).slice(2, 8)}`;
    const runs: unknown[] = [];
    const def = defineJob({ type, retrySchedule: () => [], run: async (_ctx, payload) => void runs.push(payload) });
    await ensureSchedule(db(), name, type, 600_000);
    const worker = startWorker(db(), new Map([[type, def as JobDefinition<never>]]), { kind: "sched", concurrency: 1, pollMs: 20 });
    try {
      await waitFor("the scheduled job to run", async () => runs.length === 1, 15_000);
      expect(runs).toEqual([{ schedule: name }]);
    } finally {
      await worker.stop();
      await db().update(schedules).set({ enabled: false }).where(eq(schedules.name, name));
    }
  });

  it("stop() stops claiming and waits for the jobs in flight", async () => {
    const job = gatedJob("stop");
    const first = (await enqueue(db(), job.def, { i: 0 }))!;
    const worker = startWorker(db(), job.registry, { kind: "stop", concurrency: 1, pollMs: 10 });
    await waitFor("the job to start", async () => job.seen.length === 1);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    const later = (await enqueue(db(), job.def, { i: 1 }))!;
    await sleep(100);
    expect(stopped).toBe(false); // still waiting for the job in flight
    job.open();
    await stopping;
    expect(await statuses([first])).toEqual(["succeeded"]);
    // Nothing was claimed after stop().
    expect(await statuses([later])).toEqual(["pending"]);
    expect(job.seen).toEqual([0]);
    await db().delete(jobs).where(eq(jobs.id, later));
  });

  it("survives a handler that throws synchronously-ish and a job type it does not know", async () => {
    const def = defineJob({
      type: `test.worker.throw.${Math.random().toString(36).slice(2, 8)}`,
      retrySchedule: () => [],
      run: () => {
        throw new Error("not even a promise");
      },
    });
    const orphan = defineJob({ type: `test.worker.orphan.${Math.random().toString(36).slice(2, 8)}`, retrySchedule: () => [], run: async () => {} });
    const ids = [(await enqueue(db(), def, {}))!, (await enqueue(db(), orphan, {}))!];
    const worker = startWorker(db(), new Map([[def.type, def as JobDefinition<never>]]), { kind: "throw", concurrency: 2, pollMs: 10 });
    try {
      await waitFor("both jobs dead", async () => (await statuses(ids)).every((s) => s === "dead"), 15_000);
    } finally {
      await worker.stop();
    }
  });

  it("names workers kind:host:pid:random", () => {
    const a = newWorkerId("cron");
    expect(a).toMatch(new RegExp(`^cron:${hostname().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${process.pid}:[0-9a-z]{1,6}$`));
    expect(newWorkerId("cron")).not.toBe(a);
    const w = startWorker(db(), new Map(), { pollMs: 10 });
    expect(w.id).toMatch(/^worker:/);
    return w.stop();
  });
});
