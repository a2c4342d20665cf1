import { beforeAll, describe, expect, it } from "vitest";
import { jobAttempts, jobs } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { ensureOrders } from "@/test/orders";
import { getJob } from "./get-job";
import { listJobs } from "./list-jobs";

const getDb = useTestDb();
let deadId = 0;

beforeAll(async () => {
  await ensureOrders(getDb(), ["O-1", "O-2", "O-3"]);
  const rows = await getDb()
    .insert(jobs)
    .values([
      { type: "order.fulfil", payload: {}, maxAttempts: 3, status: "dead", attempts: 3, orderNo: "O-1", lastError: "HTTP 500" },
      { type: "order.fulfil", payload: {}, maxAttempts: 3, status: "pending", orderNo: "O-2" },
      { type: "status.query", payload: {}, maxAttempts: 3, status: "dead", attempts: 3, orderNo: "O-2" },
      { type: "status.query", payload: {}, maxAttempts: 3, status: "succeeded", attempts: 1, orderNo: "O-3" },
    ])
    .returning();
  deadId = rows[0]!.id;
  await getDb().insert(jobAttempts).values([
    { jobId: deadId, attempt: 2, workerId: "w", startedAt: new Date(), ok: false, error: "HTTP 500" },
    { jobId: deadId, attempt: 1, workerId: "w", startedAt: new Date(), ok: false, error: "timeout" },
  ]);
});

describe("listJobs", () => {
  it("lists one status with counts for every status and the known types", async () => {
    const r = await listJobs(getDb(), { status: "dead" });
    expect(r.items.map((j) => j.type).sort()).toEqual(["order.fulfil", "status.query"]);
    expect(r.counts).toMatchObject({ dead: 2, pending: 1, succeeded: 1, running: 0 });
    expect(r.types).toEqual(["order.fulfil", "status.query"]);
  });
  it("narrows counts and rows by type and order", async () => {
    const r = await listJobs(getDb(), { status: "dead", type: "order.fulfil" });
    expect(r.items.map((j) => j.orderNo)).toEqual(["O-1"]);
    expect(r.counts).toMatchObject({ dead: 1, pending: 1, succeeded: 0 });
    expect((await listJobs(getDb(), { orderNo: "O-2" })).items).toHaveLength(2);
  });
});

describe("getJob", () => {
  it("returns the job with its attempts in order, or NotFoundError", async () => {
    const { job, attempts } = await getJob(getDb(), deadId);
    expect(job.status).toBe("dead");
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    await expect(getJob(getDb(), 999_999)).rejects.toThrow(NotFoundError);
  });
});

describe("listJobs paging", () => {
  it("pages newest first with a keyset cursor, with no cursor after an exactly full last page", async () => {
    const type = `page.${Math.random().toString(36).slice(2, 8)}`;
    const ids = (
      await getDb()
        .insert(jobs)
        .values(Array.from({ length: 5 }, (_, i) => ({ type, payload: { i }, maxAttempts: 1 })))
        .returning({ id: jobs.id })
    ).map((r) => r.id);
    const newestFirst = [...ids].sort((a, b) => b - a);

    const p1 = await listJobs(getDb(), { type, limit: 2 });
    expect(p1.items.map((j) => j.id)).toEqual(newestFirst.slice(0, 2));
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await listJobs(getDb(), { type, limit: 2, cursor: p1.nextCursor! });
    expect(p2.items.map((j) => j.id)).toEqual(newestFirst.slice(2, 4));
    expect(p2.nextCursor).not.toBeNull();
    // One row left, a page of two: the last page, no cursor.
    const p3 = await listJobs(getDb(), { type, limit: 2, cursor: p2.nextCursor! });
    expect(p3.items.map((j) => j.id)).toEqual(newestFirst.slice(4));
    expect(p3.nextCursor).toBeNull();
    // Exactly as many rows as the limit: still the last page (no empty page after it).
    const exact = await listJobs(getDb(), { type, limit: 5 });
    expect(exact.items).toHaveLength(5);
    expect(exact.nextCursor).toBeNull();
    const oneShort = await listJobs(getDb(), { type, limit: 4 });
    expect(oneShort.nextCursor).not.toBeNull();
    expect((await listJobs(getDb(), { type, limit: 4, cursor: oneShort.nextCursor! })).items.map((j) => j.id)).toEqual(newestFirst.slice(4));
    // Counts ignore the cursor and the status tab; types list every type in the table.
    expect(p3.counts).toMatchObject({ pending: 5, dead: 0 });
    expect(p3.types).toContain(type);
    expect(p3.types).toEqual([...p3.types].sort());
  });

  it("clamps the page size to 1..200 and defaults to 50", async () => {
    const type = `clamp.${Math.random().toString(36).slice(2, 8)}`;
    await getDb()
      .insert(jobs)
      .values(Array.from({ length: 205 }, (_, i) => ({ type, payload: { i }, maxAttempts: 1 })));
    expect((await listJobs(getDb(), { type })).items).toHaveLength(50);
    expect((await listJobs(getDb(), { type, limit: 0 })).items).toHaveLength(1);
    expect((await listJobs(getDb(), { type, limit: -5 })).items).toHaveLength(1);
    expect((await listJobs(getDb(), { type, limit: 1 })).items).toHaveLength(1);
    expect((await listJobs(getDb(), { type, limit: 200 })).items).toHaveLength(200);
    expect((await listJobs(getDb(), { type, limit: 201 })).items).toHaveLength(200);
    expect((await listJobs(getDb(), { type, limit: 10_000 })).nextCursor).not.toBeNull();
  });
});
