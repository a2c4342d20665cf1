import { and, asc, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { auditLogs, jobAttempts, jobs } from "@/db/schema";
import { systemActor, writeAudit } from "@/server/audit/write-audit";
import { log } from "@/server/lib/log";
import { isPostgresRun, useTestDb } from "@/test/db";
import { enqueue } from "./enqueue";
import { claimJobs, runClaimedJob } from "./run-jobs";
import { defineJob, type JobDefinition, type JobRegistry } from "./types";

// Lease ownership on completion (issue #6): worker A's lease ran out, worker B re-claimed the job and is
// STILL RUNNING it when A's late completion arrives. A must not count, whatever it reports: not a success
// (the job would be "done" while B's attempt is in flight), not a retry (the job would go back to pending
// and a third worker would run it alongside B), not a dead letter (its onDead side effect would fire).
// On PostgreSQL (`npm run test:pg -- server/jobs/lease-ownership.test.ts`) A and B finish on separate
// pooled connections while the other's attempt is open; on PGlite the same steps interleave.

const db = useTestDb();
const LONG_LEASE = 60_000;

interface Gate {
  entered: Promise<void>;
  enter(): void;
  opened: Promise<void>;
  open(): void;
}

function newGate(): Gate {
  let enter!: () => void;
  let open!: () => void;
  const entered = new Promise<void>((r) => (enter = r));
  const opened = new Promise<void>((r) => (open = r));
  return { entered, enter, opened, open };
}

/**
 * A job whose handler, per worker, waits inside the attempt until the test opens that worker's gate, then
 * succeeds or throws. `onDead` records a side effect the test can look for.
 */
function gatedJob(name: string, opts: { fail: boolean; retrySchedule: number[] }) {
  const gates = new Map<string, Gate>();
  const gate = (workerId: string) => {
    if (!gates.has(workerId)) gates.set(workerId, newGate());
    return gates.get(workerId)!;
  };
  const def = defineJob<Record<string, never>>({
    type: `test.lease.${name}.${Math.random().toString(36).slice(2, 8)}`,
    retrySchedule: () => opts.retrySchedule,
    run: async ({ workerId, job }) => {
      const g = gate(workerId);
      g.enter();
      await g.opened;
      if (opts.fail) throw new Error(`${workerId} failed attempt ${job.attempts}`);
      return { by: workerId, attempt: job.attempts };
    },
    onDead: async (tx, job) => {
      await writeAudit(tx, systemActor("lease-test"), { action: "job.dead", entityType: "job", entityId: String(job.id) });
    },
  });
  const registry: JobRegistry = new Map([[def.type, def as JobDefinition<never>]]);
  return { def, registry, gate };
}

const jobRow = async (id: number) => (await db().select().from(jobs).where(eq(jobs.id, id)))[0]!;
const attemptsOf = (id: number) => db().select().from(jobAttempts).where(eq(jobAttempts.jobId, id)).orderBy(asc(jobAttempts.attempt));
/** What time passing does to a stalled worker's claim: its lease end is now in the past. */
const expireLease = (id: number) => db().update(jobs).set({ lockedUntil: sql`now() - interval '1 millisecond'` }).where(eq(jobs.id, id));
const claimOne = async (workerId: string, id: number) => {
  const claimed = await claimJobs(db(), workerId, 10, LONG_LEASE);
  expect(claimed.map((j) => j.id)).toEqual([id]);
  return claimed[0]!;
};

/**
 * A claims and enters the handler; its lease expires; B re-claims and enters the handler too. Returns
 * both runs in flight, each parked at its gate.
 */
async function aStalledThenBRunning(job: ReturnType<typeof gatedJob>, workers = { a: "worker-a", b: "worker-b" }) {
  const id = (await enqueue(db(), job.def, {}))!;
  const a = await claimOne(workers.a, id);
  expect(a).toMatchObject({ attempts: 1, lockedBy: workers.a });
  const runA = runClaimedJob(db(), job.registry, a, workers.a);
  await job.gate(workers.a).entered;
  // Within A's lease nobody else may take the job.
  expect(await claimJobs(db(), "worker-c", 10, LONG_LEASE)).toEqual([]);

  await expireLease(id);
  const b = await claimOne(workers.b, id);
  expect(b).toMatchObject({ attempts: 2, lockedBy: workers.b });
  const runB = runClaimedJob(db(), job.registry, b, workers.b);
  await job.gate(workers.b).entered;
  return { id, a, b, runA, runB };
}

/** While B still runs: the job is B's, unchanged by A, and no third worker can claim it. */
async function expectStillBs(id: number, b: { lockedUntil: Date | null; runAt: Date }, workerB = "worker-b") {
  const row = await jobRow(id);
  expect(row).toMatchObject({ status: "running", lockedBy: workerB, attempts: 2, lastError: null, finishedAt: null });
  expect(row.lockedUntil?.getTime()).toBe(b.lockedUntil?.getTime());
  expect(row.runAt.getTime()).toBe(b.runAt.getTime());
  expect(await claimJobs(db(), "worker-c", 10, LONG_LEASE)).toEqual([]);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe(`lease ownership on completion (${isPostgresRun() ? "PostgreSQL, separate connections" : "PGlite, interleaved"})`, () => {
  it("A's late success does not complete the job B is still running", async () => {
    const job = gatedJob("success", { fail: false, retrySchedule: [10] });
    const { id, b, runA, runB } = await aStalledThenBRunning(job);

    // Observed, not replaced: the warning is how ops learn that leases are too short for a job type.
    const warn = vi.spyOn(log, "warn");
    job.gate("worker-a").open();
    expect(await runA).toBe("lost");
    expect(warn).toHaveBeenCalledWith("job finished after its lease was lost", { jobId: id, type: job.def.type });
    await expectStillBs(id, b);
    // A's attempt is on record (it did run) but B's is still open.
    expect((await attemptsOf(id)).map((r) => [r.attempt, r.workerId, r.ok, r.finishedAt !== null])).toEqual([
      [1, "worker-a", true, true],
      [2, "worker-b", null, false],
    ]);

    job.gate("worker-b").open();
    expect(await runB).toBe("succeeded");
    const done = await jobRow(id);
    expect(done).toMatchObject({ status: "succeeded", attempts: 2, lockedBy: null, lockedUntil: null, lastError: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect((await attemptsOf(id)).map((r) => [r.attempt, r.ok, r.detail])).toEqual([
      [1, true, { by: "worker-a", attempt: 1 }],
      [2, true, { by: "worker-b", attempt: 2 }],
    ]);
  });

  it("A's late failure does not put the job back in the queue while B runs it", async () => {
    const job = gatedJob("retry", { fail: true, retrySchedule: [0] });
    const { id, b, runA, runB } = await aStalledThenBRunning(job);

    // Had A's retry counted, the job would be pending and due at once (step 0): worker-c would take it.
    const warn = vi.spyOn(log, "warn");
    job.gate("worker-a").open();
    expect(await runA).toBe("lost");
    expect(warn).toHaveBeenCalledWith("job attempt failed", { jobId: id, type: job.def.type, attempt: 1, error: "worker-a failed attempt 1" });
    await expectStillBs(id, b);

    // B fails too: B's failure is the one that counts (attempt 2 of 2 → dead, with B's error).
    job.gate("worker-b").open();
    expect(await runB).toBe("dead");
    expect(await jobRow(id)).toMatchObject({ status: "dead", attempts: 2, lastError: "worker-b failed attempt 2", lockedBy: null });
  });

  it("A's late dead letter neither kills the job B runs nor fires onDead", async () => {
    const job = gatedJob("dead", { fail: true, retrySchedule: [] });
    const { id, b, runA, runB } = await aStalledThenBRunning(job);

    job.gate("worker-a").open();
    expect(await runA).toBe("lost");
    await expectStillBs(id, b);
    const deadAudits = () => db().select().from(auditLogs).where(and(eq(auditLogs.action, "job.dead"), eq(auditLogs.entityId, String(id))));
    expect(await deadAudits()).toHaveLength(0);
    expect((await attemptsOf(id))[0]).toMatchObject({ ok: false, error: "worker-a failed attempt 1" });

    // B's own dead letter is the real one: onDead fires exactly once.
    job.gate("worker-b").open();
    expect(await runB).toBe("dead");
    expect(await jobRow(id)).toMatchObject({ status: "dead", lastError: "worker-b failed attempt 2" });
    expect(await deadAudits()).toHaveLength(1);
  });

  it("the attempt number fences a worker that re-claims its own job (same worker id)", async () => {
    // A restarted process reusing its id, or one loop of a worker stalled while another of its slots
    // re-claimed: the owner is the same, only the attempt number tells the claims apart.
    const job = gatedJob("same-id", { fail: false, retrySchedule: [10] });
    const id = (await enqueue(db(), job.def, {}))!;
    const first = await claimOne("worker-s", id);
    const gate1 = job.gate("worker-s");
    const run1 = runClaimedJob(db(), job.registry, first, "worker-s");
    await gate1.entered;
    await expireLease(id);
    const second = await claimOne("worker-s", id);
    expect(second.attempts).toBe(2);

    gate1.open(); // the same gate: the second run passes straight through once it is open
    const run2 = runClaimedJob(db(), job.registry, second, "worker-s");
    const outcomes = await Promise.all([run1, run2]);
    expect(outcomes.sort()).toEqual(["lost", "succeeded"]);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 2 });
    // The attempt that counted is the second: the job row's success is B's claim, not the stale one.
    expect(await run1).toBe("lost");
  });

  it("a late completion still counts when nobody re-claimed the job", async () => {
    // An expired lease alone does not take the job away: only a new claim does.
    const job = gatedJob("late-alone", { fail: false, retrySchedule: [10] });
    const id = (await enqueue(db(), job.def, {}))!;
    const a = await claimOne("worker-a", id);
    const runA = runClaimedJob(db(), job.registry, a, "worker-a");
    await job.gate("worker-a").entered;
    await expireLease(id);
    const warn = vi.spyOn(log, "warn");
    job.gate("worker-a").open();
    expect(await runA).toBe("succeeded");
    expect(warn).not.toHaveBeenCalled();
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 1, lockedBy: null });
    expect(await claimJobs(db(), "worker-c", 10, LONG_LEASE)).toEqual([]);
  });
});
