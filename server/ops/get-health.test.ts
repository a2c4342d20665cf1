import { describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/api/health/route";
import { POST as tickRoute } from "@/app/api/cron/tick/route";
import { getDbHandle } from "@/db/client";
import { jobs } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { getHealth } from "./get-health";

const db = useTestDb();

describe("GET /api/health", () => {
  it("reports database, migrations and queue depth", async () => {
    await db().insert(jobs).values({ type: "nobody.handles", payload: {}, maxAttempts: 1, runAt: new Date(Date.now() - 5000) });
    const res = await healthRoute();
    expect(res.status).toBe(200);
    const h = await res.json();
    expect(h.status).toBe("ok");
    expect(h.database.ok).toBe(true);
    expect(h.migrations.current).toBe(true);
    expect(h.migrations.applied).toBeGreaterThan(0);
    expect(h.jobs.due).toBeGreaterThanOrEqual(1);
    expect(h.jobs.oldestDueAgeMs).toBeGreaterThanOrEqual(4000);
  });

  it("is down (503 from the route) when the database cannot be reached", async () => {
    const h = await getHealth(async () => {
      throw new Error("connect ECONNREFUSED postgres://payops:secret@10.0.0.1/db");
    });
    expect(h.status).toBe("down");
    expect(h.database.error).not.toContain("secret");
  });
});

describe("POST /api/cron/tick", () => {
  it("refuses callers without the cron secret", async () => {
    const res = await tickRoute(new Request("http://t/api/cron/tick", { method: "POST", headers: { authorization: "Bearer nope-nope" } }));
    expect(res.status).toBe(401);
  });

  it("runs due jobs within its budget", async () => {
    await getDbHandle();
    await db().insert(jobs).values({ type: "nobody.handles", payload: {}, maxAttempts: 1 });
    const res = await tickRoute(new Request("http://t/api/cron/tick", { method: "POST", headers: { authorization: "Bearer test-cron-secret" } }));
    expect(res.status).toBe(200);
    const body = await res.json();
    // A job of a type nobody handles fails (no handler) and, with one attempt, is dead-lettered.
    expect(body).toMatchObject({ ok: true });
    expect(body.ran).toBeGreaterThanOrEqual(1);
    expect(body.dead).toBeGreaterThanOrEqual(1);
  });
});
