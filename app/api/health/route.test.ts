import { describe, expect, it } from "vitest";
import { jobs } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { GET as healthRoute } from "./route";

const db = useTestDb();

describe("GET /api/health", () => {
  it("reports database, migrations and queue depth", async () => {
    await db().insert(jobs).values({ type: "nobody.handles", payload: {}, maxAttempts: 1, runAt: new Date(Date.now() - 5000) });
    const res = await healthRoute(new Request("http://t/api/health", { headers: { authorization: "Bearer test-cron-secret" } }));
    expect(res.status).toBe(200);
    const h = await res.json();
    expect(h.status).toBe("ok");
    expect(h.database.ok).toBe(true);
    expect(h.migrations.current).toBe(true);
    expect(h.migrations.applied).toBeGreaterThan(0);
    expect(h.jobs.due).toBeGreaterThanOrEqual(1);
    expect(h.jobs.oldestDueAgeMs).toBeGreaterThanOrEqual(4000);
  });
});
