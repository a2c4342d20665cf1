import { eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jobAttempts, jobs } from "@/db/schema";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { useTestDb } from "@/test/db";
import { enqueue } from "./enqueue";
import { claimJobs, runClaimedJob, runTick } from "./run-jobs";
import { defineJob, JobAttemptError, type JobDefinition, type JobRegistry } from "./types";

// What one attempt records, for each way a handler can end (surviving mutants of run-jobs.ts showed these
// were only checked in part).

const db = useTestDb();
const uniqueType = (name: string) => `test.outcome.${name}.${Math.random().toString(36).slice(2, 8)}`;
const registryOf = (...defs: JobDefinition<never>[]): JobRegistry => new Map(defs.map((d) => [d.type, d]));
const jobRow = async (id: number) => (await db().select().from(jobs).where(eq(jobs.id, id)))[0]!;
const attemptsOf = (id: number) => db().select().from(jobAttempts).where(eq(jobAttempts.jobId, id));

async function runOnce(def: JobDefinition<never> | undefined, id: number) {
  const [job] = await claimJobs(db(), "w", 1, 60_000);
  expect(job?.id).toBe(id);
  return runClaimedJob(db(), def ? registryOf(def) : new Map(), job!, "w");
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("one attempt", () => {
  it("a handler that throws something other than an Error fails with its string form", async () => {
    const def = defineJob({
      type: uniqueType("throw-string"),
      retrySchedule: () => [60_000],
      run: async () => {
        throw "merchant said no"; // what some third-party code does
      },
    });
    const id = (await enqueue(db(), def, {}))!;
    expect(await runOnce(def as JobDefinition<never>, id)).toBe("retry");
    expect(await jobRow(id)).toMatchObject({ status: "pending", lastError: "merchant said no" });
    expect((await attemptsOf(id))[0]).toMatchObject({ ok: false, error: "merchant said no", detail: null });
  });

  it("keeps the detail of a JobAttemptError, and none of a plain Error", async () => {
    const detailed = defineJob({
      type: uniqueType("detail"),
      retrySchedule: () => [],
      run: async () => {
        throw new JobAttemptError("HTTP 502", { httpStatus: 502, body: "bad gateway" });
      },
    });
    const plain = defineJob({
      type: uniqueType("plain"),
      retrySchedule: () => [],
      run: async () => {
        throw Object.assign(new Error("socket hang up"), { detail: { leaked: true } });
      },
    });
    const a = (await enqueue(db(), detailed, {}))!;
    expect(await runOnce(detailed as JobDefinition<never>, a)).toBe("dead");
    expect((await attemptsOf(a))[0]).toMatchObject({ ok: false, error: "HTTP 502", detail: { httpStatus: 502, body: "bad gateway" } });
    const b = (await enqueue(db(), plain, {}))!;
    expect(await runOnce(plain as JobDefinition<never>, b)).toBe("dead");
    expect((await attemptsOf(b))[0]).toMatchObject({ ok: false, error: "socket hang up", detail: null });
  });

  it("records how long the attempt took", async () => {
    const def = defineJob({ type: uniqueType("duration"), retrySchedule: () => [], run: async () => void (await new Promise((r) => setTimeout(r, 60))) });
    const id = (await enqueue(db(), def, {}))!;
    expect(await runOnce(def as JobDefinition<never>, id)).toBe("succeeded");
    const [attempt] = await attemptsOf(id);
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(55);
    expect(attempt!.durationMs).toBeLessThan(30_000);
    expect(attempt!.finishedAt!.getTime() - attempt!.startedAt.getTime()).toBe(attempt!.durationMs);
  });

  it("logs a failed onDead hook with the job it belonged to", async () => {
    const error = vi.spyOn(log, "error");
    const def = defineJob({
      type: uniqueType("ondead-log"),
      retrySchedule: () => [],
      run: async () => {
        throw new Error("gave up");
      },
      onDead: async () => {
        throw new Error("flag failed");
      },
    });
    const id = (await enqueue(db(), def, {}))!;
    expect(await runOnce(def as JobDefinition<never>, id)).toBe("dead");
    expect(error).toHaveBeenCalledWith("onDead hook failed; job dead-lettered without it", expect.objectContaining({ jobId: id, type: def.type }));
    expect(await jobRow(id)).toMatchObject({ status: "dead", lastError: "gave up; onDead failed: flag failed" });
  });
});

describe("a job type no handler knows", () => {
  it("dead-letters with exactly that reason when it has no attempts left", async () => {
    const error = vi.spyOn(log, "error");
    const type = uniqueType("orphan-last");
    const [row] = await db().insert(jobs).values({ type, payload: {}, maxAttempts: 1 }).returning({ id: jobs.id });
    expect(await runOnce(undefined, row!.id)).toBe("dead");
    expect(await jobRow(row!.id)).toMatchObject({
      status: "dead",
      lastError: `no handler registered for job type "${type}"`,
      lastErrorCoded: { code: "job.no_handler", params: { jobType: type } },
    });
    // Nothing to call on the way out: no onDead failure either.
    expect(error).not.toHaveBeenCalled();
  });

  it("retries on the default schedule while it has attempts left (a deploy may be rolling out the handler)", async () => {
    const type = uniqueType("orphan-retry");
    const [row] = await db().insert(jobs).values({ type, payload: {}, maxAttempts: 3 }).returning({ id: jobs.id });
    expect(await runOnce(undefined, row!.id)).toBe("retry");
    const after = await jobRow(row!.id);
    const [attempt] = await attemptsOf(row!.id);
    const step = getEnv().JOB_DEFAULT_RETRY_SCHEDULE[0]!;
    const wait = after.runAt.getTime() - attempt!.finishedAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(step * 0.8 - 1);
    expect(wait).toBeLessThanOrEqual(step * 1.2 + 1);
    expect(after).toMatchObject({ status: "pending", attempts: 1 });
    await db().delete(jobs).where(eq(jobs.id, row!.id));
  });
});

describe("runTick concurrency", () => {
  it("runs at most `concurrency` handlers at once", async () => {
    let inFlight = 0;
    let peak = 0;
    // Each handler waits (up to 2 s) for `together` handlers to be inside at once, so the peak is the
    // runner's limit and not an accident of timing.
    let together = 1;
    const def = defineJob({
      type: uniqueType("peak"),
      retrySchedule: () => [],
      run: async () => {
        peak = Math.max(peak, ++inFlight);
        const until = Date.now() + 2_000;
        while (inFlight < together && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
      },
    });
    const registry = registryOf(def as JobDefinition<never>);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await enqueue(db(), def, { i }))!);
    // The default (WORKER_CONCURRENCY, 4) would run four at once; one means strictly one after another.
    expect(await runTick(db(), registry, { workerId: "tick", concurrency: 1, maxJobs: 3 })).toMatchObject({ ran: 3, succeeded: 3 });
    expect(peak).toBe(1);
    peak = 0;
    together = 3;
    expect(await runTick(db(), registry, { workerId: "tick", concurrency: 3 })).toMatchObject({ ran: 3, succeeded: 3 });
    expect(peak).toBe(3);
    const statuses = (await db().select({ status: jobs.status }).from(jobs).where(inArray(jobs.id, ids))).map((r) => r.status);
    expect(statuses).toEqual(Array(6).fill("succeeded"));
  });
});
