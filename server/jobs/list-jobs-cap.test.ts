import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { JOB_COUNT_CAP, listJobs } from "./list-jobs";

// The jobs page's tab counts stop at JOB_COUNT_CAP + 1 (shown "1000+"), except the dead-letter count, which
// ops work through to zero and must see exactly. Own database: a thousand-odd jobs would change the other
// list tests' counts.

const db = useTestDb();

async function insertJobs(status: string, n: number, type = "cap.test"): Promise<void> {
  await db().execute(sql`
    insert into jobs (type, payload, max_attempts, status, attempts)
    select ${type}, '{}'::jsonb, 3, ${status}, 0 from generate_series(1, ${n}::int)`);
}

describe("listJobs tab counts at the cap", () => {
  it("counts a status up to the cap plus one, and dead jobs in full", async () => {
    await insertJobs("pending", JOB_COUNT_CAP + 5);
    await insertJobs("succeeded", JOB_COUNT_CAP);
    await insertJobs("dead", JOB_COUNT_CAP + 7);
    const { counts, countCap } = await listJobs(db(), { type: "cap.test" });
    expect(countCap).toBe(1000);
    expect(counts).toEqual({ pending: 1001, running: 0, succeeded: 1000, dead: 1007, cancelled: 0 });
  });

  it("the same cap holds inside a narrower scope (a type)", async () => {
    await insertJobs("pending", 3, "cap.other");
    await insertJobs("dead", 2, "cap.other");
    const { counts } = await listJobs(db(), { type: "cap.other" });
    expect(counts).toEqual({ pending: 3, running: 0, succeeded: 0, dead: 2, cancelled: 0 });
  });
});
