import { beforeAll, describe, expect, it } from "vitest";
import { jobAttempts, jobs } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { getJob } from "./get-job";
import { listJobs } from "./list-jobs";

const getDb = useTestDb();
let deadId = 0;

beforeAll(async () => {
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
