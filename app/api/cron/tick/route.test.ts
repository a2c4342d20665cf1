import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import { callbackEvents, jobs } from "@/db/schema";
import { recordProviderMessage } from "@/server/callbacks/record-provider-message";
import { getHealth } from "@/server/ops/get-health";
import { useTestDb } from "@/test/db";
import { POST as tickRoute } from "./route";

const db = useTestDb();

describe("POST /api/cron/tick", () => {
  it("applies the callback inbox: health shows the messages acknowledged but not applied yet and the oldest one's age before the tick, none after", async () => {
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
