import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidentReviews, incidents, reviewActionItems } from "@/db/schema";
import { seedDemoUsers } from "@/server/auth/seed-users";
import { useTestDb } from "@/test/db";
import { listActionItems } from "./list-action-items";
import { seedDemoReviews } from "./seed-demo-reviews";

const db = useTestDb();

describe("seedDemoReviews", () => {
  it("two past Alipay incidents at 20:00 business time on day −12 and −5, reviewed, with one overdue action item; idempotent", async () => {
    await seedDemoUsers(db());
    // 2026-11-27 10:00 Asia/Shanghai
    const now = new Date(Date.UTC(2026, 10, 27, 2, 0));
    await seedDemoReviews(db(), { now });
    await seedDemoReviews(db(), { now });
    const rows = await db().select().from(incidents).orderBy(asc(incidents.onsetAt));
    expect(rows.map((r) => [r.provider, r.onsetAt.toISOString(), r.status])).toEqual([
      ["alipay", "2026-11-15T12:00:00.000Z", "resolved"],
      ["alipay", "2026-11-22T12:00:00.000Z", "resolved"],
    ]);
    const reviews = await db().select().from(incidentReviews);
    expect(reviews.map((r) => r.status)).toEqual(["completed", "completed"]);
    expect(reviews[0]!.draft.times).toEqual({ detectS: 240, ackS: 180, resolveS: 70 * 60 });
    expect(await db().select().from(reviewActionItems)).toHaveLength(6);
    const overdue = await listActionItems(db(), { overdueAt: now });
    expect(overdue.map((i) => i.dueOn)).toEqual(["2026-11-26"]);
    expect(overdue[0]!.ownerEmail).toBe("ops@payops.local");
    const done = await db().select().from(reviewActionItems).where(eq(reviewActionItems.status, "done"));
    expect(done).toHaveLength(3);
  });
});
