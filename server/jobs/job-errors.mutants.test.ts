import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { enqueue } from "./enqueue";
import { getJob } from "./get-job";
import { replayJob } from "./replay-jobs";
import { defineJob } from "./types";

// The messages ops read on the jobs page when a replay or a lookup is refused (the tRPC adapter passes a
// domain error's message through): they name the job and, for a refused replay, the status it is in.

const db = useTestDb();
const actor: Actor = { id: "00000000-0000-4000-8000-000000000002", label: "ops@example.test", role: "ops", requestId: "req-job-errors" };
const def = defineJob({ type: `test.job-errors.${Math.random().toString(36).slice(2, 8)}`, retrySchedule: () => [], run: async () => {} });

describe("job errors", () => {
  it("getJob names the missing job", async () => {
    const error = await getJob(db(), 424_242).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe("job 424242 not found");
  });

  it("replayJob names the missing job", async () => {
    const error = await replayJob(db(), actor, 434_343).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe("job 434343 not found");
  });

  it("replayJob says which status the job is in and which ones can be replayed", async () => {
    const id = (await enqueue(db(), def, {}))!;
    await db().update(jobs).set({ status: "succeeded" }).where(eq(jobs.id, id));
    const error = await replayJob(db(), actor, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(`job ${id} is succeeded; only dead or cancelled jobs can be replayed`);
  });
});
