import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "@/server/lib/sql";
import { useTestDb } from "@/test/db";
import { seedDemoData } from "./seed-demo-data";

const db = useTestDb();

describe("seedDemoData", () => {
  it("produces every state the console has to show, through the real pipeline, once", async () => {
    // The alerting history's orders (seed-demo-alerts.test.ts) would blur the counts of each order state below.
    // So would yesterday's reconciled statements (RECON-… orders, server/recon/seed-demo-reconciliation.ts).
    const first = await seedDemoData(db(), { alerts: false });
    expect(first).toEqual({ orders: 55, skipped: false });
    const count = async (q: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await db().execute(q))[0]!.n);
    expect(await count(sql`select count(*)::int n from orders where status = 'FULFILLED' and order_no not like 'RECON-%'`)).toBeGreaterThanOrEqual(34);
    expect(await count(sql`select count(*)::int n from orders where status = 'PAID' and needs_review and order_no not like 'RECON-%'`)).toBe(3);
    expect(await count(sql`select count(*)::int n from jobs where type = 'order.fulfil' and status = 'dead'`)).toBe(3);
    expect(await count(sql`select count(*)::int n from orders where status = 'CLOSED' and order_no not like 'RECON-%' and order_no not like 'HIST-%'`)).toBe(4);
    // 7 from the demo traffic, plus the desk's reserved "paid but not updated" order (server/briefs/seed-demo-desk.ts).
    expect(await count(sql`select count(*)::int n from orders where status = 'CREATED' and order_no not like 'RECON-%'`)).toBe(8);
    const types = rowsOf<{ type: string }>(await db().execute(sql`select distinct type from discrepancies where statement_import_id is null and coalesce(order_no, '') not like 'RECON-%' and source <> 'statement' order by type`)).map((r) => r.type);
    // real-time findings only (the statements' are server/recon/seed-demo-reconciliation.test.ts); the unknown-order callbacks are missing_internal (issue 11)
    expect(types).toEqual(["amount_mismatch", "duplicate_payment", "missing_internal", "paid_after_close"]);
    expect(await count(sql`select count(*)::int n from callback_events where outcome = 'unknown_order'`)).toBe(3);
    // (the KPI history's rejected notifications carry event ids "hist-rej-…": server/kpi/seed-demo-kpi-history.ts)
    expect(await count(sql`select count(*)::int n from callback_events where outcome = 'rejected' and coalesce(event_id, '') not like 'hist-%'`)).toBe(2);
    expect(await count(sql`select count(*)::int n from callback_events where outcome = 'duplicate'`)).toBeGreaterThanOrEqual(8);
    // History is spread over the past hours, not all "just now".
    expect(await count(sql`select count(*)::int n from orders where created_at < now() - interval '1 hour'`)).toBeGreaterThan(40);
    // The audit rows' stated times moved with them: the timeline says what the order panel says.
    const stated = rowsOf<{ action: string; stated: string; order_time: string }>(
      await db().execute(sql`select a.action, a.after->>k.key as stated, to_char(k.col AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as order_time
        from audit_logs a join orders o on a.entity_type = 'order' and a.entity_id = o.order_no
        cross join lateral (values ('paidAt', o.paid_at), ('expiresAt', o.expires_at)) as k(key, col)
        where o.order_no like 'DEMO-%' and a.action in ('order.paid', 'order.create') and a.after ? k.key`),
    );
    expect(new Set(stated.map((r) => r.action))).toEqual(new Set(["order.paid", "order.create"]));
    for (const r of stated) expect(r.stated, r.action).toBe(r.order_time);

    expect(await seedDemoData(db())).toEqual({ orders: 0, skipped: true });
  });
});
