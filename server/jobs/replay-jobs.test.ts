import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, jobs } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { ensureOrders } from "@/test/orders";
import { enqueue } from "./enqueue";
import { jobFilterWhere, replayJob, replayJobs } from "./replay-jobs";
import { claimJobs, runClaimedJob } from "./run-jobs";
import { defineJob, type JobDefinition, type JobRegistry } from "./types";

const db = useTestDb();
// Jobs that name an order reference it (foreign key).
beforeAll(() => ensureOrders(db(), ["ORD-R1", "ORD-A1", "ORD-A2", "ORD-A3", "ORD-F1"]));
const actor: Actor = { id: "00000000-0000-4000-8000-000000000001", label: "ops@example.test", role: "ops", requestId: "req-replay" };

// A job type whose handler fails until `healthy` is set: the merchant endpoint that was down and came back.
function flakyJob(name: string) {
  const state = { healthy: false, runs: 0 };
  const def = defineJob<{ orderNo: string }>({
    type: `test.replay.${name}.${Math.random().toString(36).slice(2, 6)}`,
    retrySchedule: () => [],
    run: async () => {
      state.runs++;
      if (!state.healthy) throw new Error("merchant endpoint down");
    },
  });
  return { def, state, registry: new Map([[def.type, def as JobDefinition<never>]]) as JobRegistry };
}

/** Claims and runs every due job until none is due (attempt outcomes as returned). */
async function drain(registry: JobRegistry): Promise<string[]> {
  const outcomes: string[] = [];
  for (;;) {
    const claimed = await claimJobs(db(), "replay-test", 10, 60_000);
    if (claimed.length === 0) return outcomes;
    for (const job of claimed) outcomes.push(await runClaimedJob(db(), registry, job, "replay-test"));
  }
}

const jobRow = async (id: number) => (await db().select().from(jobs).where(eq(jobs.id, id)))[0]!;
const replayAudits = (ids: number[]) =>
  db()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.action, "job.replay"), inArray(auditLogs.entityId, ids.map(String))));

describe("replayJob", () => {
  it("gives a dead job one more attempt now and writes an audit row", async () => {
    const { def, state, registry } = flakyJob("one");
    const id = (await enqueue(db(), def, { orderNo: "ORD-R1" }, { orderNo: "ORD-R1" }))!;
    expect(await drain(registry)).toEqual(["dead"]);
    expect(await jobRow(id)).toMatchObject({ status: "dead", attempts: 1, maxAttempts: 1 });

    // Replayed while still failing: exactly one more attempt, dead again with the new error.
    await replayJob(db(), actor, id);
    expect(await jobRow(id)).toMatchObject({ status: "pending", maxAttempts: 2, finishedAt: null });
    expect(await drain(registry)).toEqual(["dead"]);
    expect(await jobRow(id)).toMatchObject({ status: "dead", attempts: 2 });

    state.healthy = true;
    await replayJob(db(), actor, id);
    expect(await drain(registry)).toEqual(["succeeded"]);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 3, lastError: null });
    expect(state.runs).toBe(3);

    const audits = await replayAudits([id]);
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      actorId: actor.id,
      actorLabel: actor.label,
      entityType: "job",
      requestId: "req-replay",
      before: { status: "dead", attempts: 1, lastError: "merchant endpoint down" },
      after: { status: "pending", maxAttempts: 2 },
    });
  });

  it("refuses jobs that are not dead or cancelled, and unknown ids, without an audit row", async () => {
    const { def, state, registry } = flakyJob("refuse");
    state.healthy = true;
    const id = (await enqueue(db(), def, { orderNo: "ORD-R2" }))!;
    await expect(replayJob(db(), actor, id)).rejects.toBeInstanceOf(ConflictError); // pending
    expect(await drain(registry)).toEqual(["succeeded"]);
    await expect(replayJob(db(), actor, id)).rejects.toBeInstanceOf(ConflictError); // succeeded
    await expect(replayJob(db(), actor, 987_654_321)).rejects.toBeInstanceOf(NotFoundError);
    expect(await replayAudits([id, 987_654_321])).toHaveLength(0);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 1 });
  });
});

describe("replayJobs", () => {
  it("replays only dead jobs matching the filter, one audit row each", async () => {
    const a = flakyJob("bulk-a");
    const b = flakyJob("bulk-b");
    const deadA = [
      (await enqueue(db(), a.def, { orderNo: "ORD-A1" }, { orderNo: "ORD-A1" }))!,
      (await enqueue(db(), a.def, { orderNo: "ORD-A2" }, { orderNo: "ORD-A2" }))!,
      (await enqueue(db(), a.def, { orderNo: "ORD-A3" }, { orderNo: "ORD-A3" }))!,
    ];
    const deadB = (await enqueue(db(), b.def, { orderNo: "ORD-B1" }))!;
    const registry: JobRegistry = new Map([...a.registry, ...b.registry]);
    expect(await drain(registry)).toEqual(["dead", "dead", "dead", "dead"]);
    a.state.healthy = true;
    const succeededA = (await enqueue(db(), a.def, { orderNo: "ORD-A4" }))!;
    expect(await drain(registry)).toEqual(["succeeded"]);

    // By order number: just that one.
    expect(await replayJobs(db(), actor, { type: a.def.type, orderNo: "ORD-A2" })).toBe(1);
    expect((await jobRow(deadA[1]!)).status).toBe("pending");
    // By type: the two other dead ones (not the pending one, not the succeeded one, not type B).
    expect(await replayJobs(db(), actor, { type: a.def.type })).toBe(2);
    for (const id of deadA) expect((await jobRow(id)).status).toBe("pending");
    expect((await jobRow(deadB)).status).toBe("dead");
    expect((await jobRow(succeededA)).status).toBe("succeeded");

    expect(await drain(registry)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const audits = await replayAudits([...deadA, deadB, succeededA]);
    expect(audits.map((r) => Number(r.entityId)).sort()).toEqual([...deadA].sort());
    expect(audits[0]).toMatchObject({ actorLabel: actor.label, before: { status: "dead" }, after: { status: "pending" } });

    // The limit caps one bulk replay.
    expect(await replayJobs(db(), actor, { ids: [deadB] }, 0)).toBe(0);
    expect(await replayJobs(db(), actor, { ids: [deadB] }, 1)).toBe(1);
  });

  it("rolls back every replay if one audit write fails (one transaction)", async () => {
    const { def, registry } = flakyJob("atomic");
    const ids = [(await enqueue(db(), def, { orderNo: "X1" }))!, (await enqueue(db(), def, { orderNo: "X2" }))!];
    await drain(registry);
    // An actor id that is not a uuid makes the audit insert fail inside the transaction.
    await expect(replayJobs(db(), { id: "not-a-uuid", label: "broken" }, { type: def.type })).rejects.toThrow();
    for (const id of ids) expect((await jobRow(id)).status).toBe("dead");
  });
});

describe("replay filters", () => {
  /** Dead jobs of one fresh type, each with the given updated_at. */
  async function deadJobs(stamps: Date[], orderNo?: string) {
    const type = `test.filter.${Math.random().toString(36).slice(2, 8)}`;
    const rows = await db()
      .insert(jobs)
      .values(stamps.map((updatedAt) => ({ type, payload: {}, maxAttempts: 1, attempts: 1, status: "dead" as const, lastError: "x", updatedAt, orderNo })))
      .returning({ id: jobs.id });
    return { type, ids: rows.map((r) => r.id) };
  }
  const statusOf = async (ids: number[]) => Promise.all(ids.map(async (id) => (await jobRow(id)).status));

  it("since and until are inclusive bounds on the last update", async () => {
    const t0 = new Date("2026-01-01T00:00:00.000Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const { type, ids } = await deadJobs([at(-1), at(0), at(1000), at(2000), at(2001)]);
    expect(await replayJobs(db(), actor, { type, since: at(0), until: at(2000) })).toBe(3);
    expect(await statusOf(ids)).toEqual(["dead", "pending", "pending", "pending", "dead"]);
    // Each bound alone.
    expect(await replayJobs(db(), actor, { type, since: at(2001) })).toBe(1);
    expect(await replayJobs(db(), actor, { type, until: at(-1) })).toBe(1);
    expect(await statusOf(ids)).toEqual(["pending", "pending", "pending", "pending", "pending"]);
  });

  it("ids and orderNo narrow the selection; an empty id list does not", async () => {
    const { type, ids } = await deadJobs([new Date(), new Date(), new Date()], "ORD-F1");
    expect(await replayJobs(db(), actor, { type, ids: [ids[1]!] })).toBe(1);
    expect(await statusOf(ids)).toEqual(["dead", "pending", "dead"]);
    expect(await replayJobs(db(), actor, { type, orderNo: "ORD-OTHER" })).toBe(0);
    expect(await replayJobs(db(), actor, { type, ids: [], orderNo: "ORD-F1" })).toBe(2);
    expect(await statusOf(ids)).toEqual(["pending", "pending", "pending"]);
  });

  it("replays cancelled jobs too, giving them exactly one more attempt from now", async () => {
    const { type, ids } = await deadJobs([new Date()]);
    await db().update(jobs).set({ status: "cancelled", attempts: 4, maxAttempts: 4, finishedAt: new Date(), runAt: new Date(Date.now() - 86_400_000) }).where(eq(jobs.id, ids[0]!));
    const before = Date.now();
    expect(await replayJobs(db(), actor, { type })).toBe(1);
    const row = await jobRow(ids[0]!);
    expect(row).toMatchObject({ status: "pending", attempts: 4, maxAttempts: 5, finishedAt: null });
    expect(row.runAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audits = await replayAudits(ids);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entityType: "job", before: { status: "cancelled", attempts: 4, lastError: "x" }, after: { status: "pending", bulk: { type } } });
  });

  it("jobFilterWhere with no criteria matches everything, and status narrows to one status", async () => {
    expect(jobFilterWhere({})).toBeUndefined();
    const { type, ids } = await deadJobs([new Date(), new Date()]);
    await db().update(jobs).set({ status: "succeeded" }).where(eq(jobs.id, ids[1]!));
    const dead = await db().select({ id: jobs.id }).from(jobs).where(jobFilterWhere({ type, status: "dead" }));
    expect(dead.map((r) => r.id)).toEqual([ids[0]]);
    const any = await db().select({ id: jobs.id }).from(jobs).where(jobFilterWhere({ type }));
    expect(any.map((r) => r.id).sort()).toEqual([...ids].sort());
  });
});
