import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/route";
import type { DbHandle } from "@/db/client";
import { auditLogs, callbackEvents, jobs, orders } from "@/db/schema";
import { rowsOf } from "@/server/lib/sql";
import { registerOrder } from "@/server/orders/register-order";
import { postCallback, sandboxPayload, sandboxRequest, uniqueOrderNo } from "@/test/callbacks";
import { isPostgresRun, useTestDb } from "@/test/db";
import { settleInbox, startInboxApplier } from "@/server/callbacks/inbox-applier";

const db = useTestDb();
const where = isPostgresRun() ? "PostgreSQL, real connections" : "PGlite, interleaved";
const extra: DbHandle[] = [];
afterAll(async () => {
  for (const h of extra) await h.close();
});

describe(`callback inbox under concurrency (${where})`, () => {
  it("50 concurrent copies share commits, and change the order exactly once even with a second applier racing", async () => {
    const orderNo = uniqueOrderNo("GC");
    await registerOrder(db(), { orderNo, userId: "u", amountMinor: 1999, currency: "CNY", provider: "sandbox" });
    // A second applier on its own pool, as a `npm run worker` process would be.
    const other = startInboxApplier(db(), { pollMs: 5, name: "racing" });
    try {
      const payload = sandboxPayload({ orderNo });
      const responses = await Promise.all(Array.from({ length: 50 }, () => postCallback(callbackRoute, "sandbox", sandboxRequest(payload))));
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      await settleInbox(db());
      await other.idle();
    } finally {
      await other.stop();
    }
    const events = await db().select().from(callbackEvents).where(eq(callbackEvents.orderNo, orderNo));
    expect(events).toHaveLength(50);
    expect(events.filter((e) => e.outcome === "applied")).toHaveLength(1);
    expect(events.filter((e) => e.outcome === "duplicate")).toHaveLength(49);
    // Group commit: the 50 rows were written by fewer transactions than requests.
    const [tx] = rowsOf<{ n: number }>(await db().execute(sql`select count(distinct xmin::text)::int as n from callback_events where order_no = ${orderNo}`));
    expect(Number(tx!.n)).toBeLessThan(50);
    const paid = await db().select().from(auditLogs).where(and(eq(auditLogs.entityId, orderNo), eq(auditLogs.action, "order.paid")));
    expect(paid).toHaveLength(1);
    expect(await db().select().from(jobs).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, "order.fulfil")))).toHaveLength(1);
    expect((await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!.status).toBe("PAID");
  });

  it("two appliers on separate connections drain 40 orders' callbacks without applying any twice", async () => {
    const otherHandle = await createTestDbSharing();
    const nos = Array.from({ length: 40 }, () => uniqueOrderNo("RACE"));
    for (const orderNo of nos) await registerOrder(db(), { orderNo, userId: "u", amountMinor: 500, currency: "CNY", provider: "sandbox" });
    const a = startInboxApplier(db(), { pollMs: 2, name: "a" });
    const b = startInboxApplier(otherHandle, { pollMs: 2, name: "b" });
    try {
      await Promise.all(nos.flatMap((orderNo) => [0, 1, 2].map(() => postCallback(callbackRoute, "sandbox", sandboxRequest(sandboxPayload({ orderNo, amountMinor: 500 }))))));
      await settleInbox(db());
      await Promise.all([a.idle(), b.idle()]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const applied = await db().execute(sql`select count(*)::int as n from callback_events where order_no like 'RACE%' and order_no = any(${sql.param(nos)}::text[]) and outcome = 'applied'`);
    expect(Number(rowsOf<{ n: number }>(applied)[0]!.n)).toBe(40);
    const paidAudits = await db().execute(sql`select count(*)::int as n from audit_logs where action = 'order.paid' and entity_id = any(${sql.param(nos)}::text[])`);
    expect(Number(rowsOf<{ n: number }>(paidAudits)[0]!.n)).toBe(40);
  });
});

/** PostgreSQL: a second pool on the same database (another process's view). PGlite: the same handle. */
async function createTestDbSharing() {
  if (!isPostgresRun()) return db();
  const url = (db() as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString;
  const { openDb } = await import("@/db/client");
  const h = await openDb({ driver: "pg", url, poolMax: 5, migrate: false });
  extra.push(h);
  return h.db;
}
