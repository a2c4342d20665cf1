import { describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/api/health/route";
import { POST as tickRoute } from "@/app/api/cron/tick/route";
import { getDbHandle } from "@/db/client";
import { callbackEvents, jobs } from "@/db/schema";
import { recordProviderMessage } from "@/server/callbacks/record-provider-message";
import { useTestDb } from "@/test/db";
import { eq } from "drizzle-orm";
import { getHealth } from "./get-health";

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

  it("shows the callback inbox: messages acknowledged but not applied yet, and the oldest one's age; the cron tick applies them", async () => {
    const orderNo = `HEALTH-${Date.now()}`;
    const notification = { eventId: "e1", dedupeKey: `${orderNo}:PAID`, orderNo, transactionId: "T1", state: "PAID" as const, providerStatus: "SUCCESS", amountMinor: 100, currency: "CNY", eventAt: null, paidAt: null, facts: {} };
    const id = await recordProviderMessage(db(), {
      provider: "sandbox",
      source: "notify",
      headers: {},
      body: "{}",
      receivedAt: new Date(Date.now() - 10_000),
      verification: "verified",
      outcome: "received",
      notification,
    });
    const before = await getHealth(async () => ({ db: db(), driver: "pglite" }));
    expect(before.inbox!.waiting).toBeGreaterThanOrEqual(1);
    expect(before.inbox!.oldestAgeMs).toBeGreaterThanOrEqual(9000);

    await getDbHandle();
    const res = await tickRoute(new Request("http://t/api/cron/tick", { method: "POST", headers: { authorization: "Bearer test-cron-secret" } }));
    expect(res.status).toBe(200);
    expect((await res.json()).callbacksApplied).toBeGreaterThanOrEqual(1);
    // Its order was never registered: applied as "waiting for the order", and no longer in the backlog.
    const [row] = await db().select().from(callbackEvents).where(eq(callbackEvents.id, id));
    expect(row!.outcome).toBe("unknown_order");
    const after = await getHealth(async () => ({ db: db(), driver: "pglite" }));
    expect(after.inbox!.waiting).toBe(0);
    expect(after.inbox!.waitingForOrder).toBeGreaterThanOrEqual(1);
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
