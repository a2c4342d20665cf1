import "server-only";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, like, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, orders } from "@/db/schema";
import { seedDemoDesk } from "@/server/briefs/seed-demo-desk";
import { settleInbox } from "@/server/callbacks/inbox-applier";
import { receiveCallback } from "@/server/callbacks/receive-callback";
import { getEnv } from "@/server/env";
import { createFulfilmentJob } from "@/server/fulfilment/fulfilment-job";
import { signSandboxPayload } from "@/server/providers/sandbox/sign";
import { statusQueryJob } from "@/server/janitor/status-query-job";
import { runTick } from "@/server/jobs/run-jobs";
import type { JobDefinition } from "@/server/jobs/types";
import { registerOrder } from "@/server/orders/register-order";
import { getProviderAdapter } from "@/server/providers";
import { seedDemoWorkbench } from "@/server/discrepancies/seed-demo-workbench";
import { seedDemoReconciliation } from "@/server/recon/seed-demo-reconciliation";
import { seedDemoKpiHistory } from "@/server/kpi/seed-demo-kpi-history";
import { seedDemoRefunds } from "@/server/refunds/seed-demo-refunds";
import { seedDemoReports } from "@/server/reports/seed-demo-reports";
import { seedDemoReviews } from "@/server/reviews/seed-demo-reviews";
import { seedScriptsAndKb } from "@/server/scripts/seed-scripts-kb";
import { seedDemoStatus } from "@/server/status/seed-demo-status";
import { seedDemoTickets } from "@/server/tickets/seed-demo-tickets";
import { seedDemoUserNotices } from "@/server/user-notices/seed-demo-user-notices";
import { seedDemoAlerts } from "./seed-demo-alerts";

const SUBJECTS = ["洗衣订单", "干洗套餐", "会员月卡", "鞋类清洗", "窗帘清洗", "羽绒服精洗", "家纺套餐", "上门取送"];
const AMOUNTS = [1999, 2990, 4599, 8800, 12900, 29900, 990, 15800, 6800, 3500];

type Plan =
  | "fulfilled"
  | "fulfil-dead"
  | "duplicates"
  | "amount-mismatch"
  | "paid-after-close"
  | "duplicate-payment"
  | "pending"
  | "closed"
  | "rejected-then-paid";

const PLANS: [Plan, number][] = [
  ["fulfilled", 34],
  ["fulfil-dead", 3],
  ["duplicates", 4],
  ["amount-mismatch", 2],
  ["paid-after-close", 1],
  ["duplicate-payment", 1],
  ["pending", 5],
  ["closed", 3],
  ["rejected-then-paid", 2],
];

/** Deterministic pseudo-random numbers so every demo and e2e run sees the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Realistic history for the demo and the e2e suite, produced through the real pipeline: orders through
 * registerOrder, signed sandbox callbacks through receiveCallback, fulfilment through the job runner against
 * a local stand-in merchant (which refuses the orders meant to dead-letter). Idempotent: does nothing if
 * DEMO- orders exist.
 */
export async function seedDemoData(db: Db, opts: { now?: Date; alerts?: boolean } = {}): Promise<{ orders: number; skipped: boolean }> {
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(orders).where(like(orders.orderNo, "DEMO-%"));
  if (Number(existing?.n ?? 0) > 0) return { orders: 0, skipped: true };

  const adapter = getProviderAdapter("sandbox");
  if (!adapter) throw new Error("sandbox provider missing");
  const env = getEnv();
  const random = rng(20261125);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const now = opts.now ?? new Date();
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  const failing = new Set<string>();

  const send = async (payload: Record<string, unknown>, signature?: string) => {
    const body = JSON.stringify(payload);
    const t = Math.floor(Date.now() / 1000);
    await receiveCallback(db, adapter, {
      headers: { "content-type": "application/json", "sandbox-signature": signature ?? signSandboxPayload(env.SANDBOX_WEBHOOK_SECRET, body, t), "user-agent": "sandbox-notify/1.0" },
      body,
      remoteAddr: "127.0.0.1",
      requestId: `seed-${Math.floor(random() * 1e9).toString(36)}`,
    });
    // Applied asynchronously; the seed's story needs each one applied before the next.
    await settleInbox(db);
  };

  let n = 0;
  const created: { orderNo: string; offsetSec: number }[] = [];
  for (const [plan, count] of PLANS) {
    for (let i = 0; i < count; i++) {
      n++;
      const orderNo = `DEMO-${day}-${String(n).padStart(4, "0")}`;
      const amountMinor = pick(AMOUNTS);
      const phone = `13${Math.floor(random() * 9) + 1}${String(Math.floor(random() * 1e8)).padStart(8, "0")}`;
      const expired = plan === "closed" || plan === "paid-after-close";
      await registerOrder(db, {
        orderNo,
        userId: `u${100000 + Math.floor(random() * 900000)}`,
        userPhone: phone,
        amountMinor,
        currency: "CNY",
        provider: "sandbox",
        subject: pick(SUBJECTS),
        expiresAt: new Date(now.getTime() + (expired ? -60_000 : 30 * 60_000)).toISOString(),
      });
      created.push({ orderNo, offsetSec: Math.floor(random() * 36 * 3600) + 600 });
      const txn = `SBX${day}${String(n).padStart(6, "0")}`;
      const paid = (overrides: Record<string, unknown> = {}) => ({
        eventId: `evt_${orderNo}_${Math.floor(random() * 1e6)}`,
        orderNo,
        transactionId: txn,
        amountMinor,
        currency: "CNY",
        status: "SUCCESS",
        // Just after the order was registered (the callback follows within a second or two).
        paidAt: new Date(Date.now() - Math.floor(random() * 300)).toISOString(),
        ...overrides,
      });
      switch (plan) {
        case "fulfilled":
          await send(paid());
          break;
        case "fulfil-dead":
          failing.add(orderNo);
          await send(paid());
          break;
        case "duplicates": {
          const p = paid();
          await send(p);
          await send({ ...p, eventId: `${p.eventId}-resend` });
          await send(p);
          break;
        }
        case "amount-mismatch":
          await send(paid({ amountMinor: amountMinor - 100 }));
          break;
        case "paid-after-close":
          await send({ ...paid(), status: "CLOSED", transactionId: `${txn}C`, eventId: `evt_close_${orderNo}` });
          await send(paid());
          break;
        case "duplicate-payment":
          await send(paid());
          await send(paid({ transactionId: `${txn}B`, eventId: `evt_${orderNo}_second` }));
          break;
        case "pending":
          break;
        case "closed":
          await send({ ...paid(), status: "CLOSED", eventId: `evt_close_${orderNo}` });
          break;
        case "rejected-then-paid": {
          const p = paid();
          await send(p, `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`);
          await send(p);
          break;
        }
      }
    }
  }
  // Callbacks for orders the shop never registered (acknowledged, kept waiting for the order).
  for (let i = 1; i <= 3; i++) {
    await send({ eventId: `evt_unknown_${i}`, orderNo: `SHOP-${day}-X${i}`, transactionId: `SBXU${i}`, amountMinor: pick(AMOUNTS), currency: "CNY", status: "SUCCESS", paidAt: new Date().toISOString() });
  }

  await runFulfilment(db, failing);
  await spreadOverTime(db, created);
  // Alerting history: rollups, a past incident, and a callback outage firing now (server/demo/seed-demo-alerts.ts).
  if (opts.alerts !== false) await seedDemoAlerts(db, { now });
  if (opts.alerts !== false) await seedDemoStatus(db, { now });
  // Personal notices already sent to affected users (server/user-notices/seed-demo-user-notices.ts), with the history.
  if (opts.alerts !== false) await seedDemoUserNotices(db, { now });
  await seedDemoTickets(db, { now });
  // Reply scripts and FAQ/SOP articles, one script edit waiting for approval (server/scripts/seed-scripts-kb.ts).
  await seedScriptsAndKb(db);
  // Briefs on the open incidents (the live outage) and the desk e2e's reserved order (server/briefs/seed-demo-desk.ts).
  await seedDemoDesk(db, { now });
  await seedDemoRefunds(db, { now });
  await seedDemoReconciliation(db, now); // yesterday's statements reconciled (server/recon/seed-demo-reconciliation.ts)
  // The reconciliation workbench e2e's reserved orders and small differences (server/discrepancies/seed-demo-workbench.ts).
  await seedDemoWorkbench(db, { now });
  // Issue 12, in this order: 30 days of history through the rollups, past incidents and their reviews, then
  // last week's report drawn from both.
  await seedDemoKpiHistory(db, { now });
  await seedDemoReviews(db, { now });
  await seedDemoReports(db, { now });
  return { orders: created.length, skipped: false };
}

async function runFulfilment(db: Db, failing: Set<string>) {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const orderNo = (JSON.parse(body || "{}") as { orderNo?: string }).orderNo ?? "";
      res.writeHead(failing.has(orderNo) ? 503 : 200, { "content-type": "application/json" });
      res.end(failing.has(orderNo) ? '{"error":"merchant backend unavailable"}' : '{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fulfil`;
  const fulfil = createFulfilmentJob({ url });
  // Only fulfilment runs here; status queries keep their schedule for the live demo.
  const registry = new Map<string, JobDefinition<never>>([[fulfil.type, fulfil as JobDefinition<never>]]);
  try {
    for (let round = 0; round < 20; round++) {
      // Fast-forward the retry schedule: every due-later fulfilment attempt is made now.
      await db.update(jobs).set({ runAt: new Date() }).where(and(eq(jobs.type, fulfil.type), eq(jobs.status, "pending")));
      await db.update(jobs).set({ runAt: sql`now() + interval '1 hour'` }).where(and(eq(jobs.type, statusQueryJob.type), eq(jobs.status, "pending")));
      const r = await runTick(db, registry, { workerId: "seed", concurrency: 8 });
      if (r.ran === 0) break;
    }
  } finally {
    server.close();
  }
}

/** Moves each order's whole history back by its own offset, so the demo shows the last 36 hours. */
async function spreadOverTime(db: Db, created: { orderNo: string; offsetSec: number }[]) {
  const values = sql.join(
    created.map((c) => sql`(${c.orderNo}::text, ${c.offsetSec}::int)`),
    sql`, `,
  );
  const shift = (col: string, alias = "t") => sql.raw(`${col} = ${alias}.${col} - (m.off * interval '1 second')`);
  await db.execute(sql`UPDATE orders t SET ${shift("created_at")}, ${shift("updated_at")}, paid_at = t.paid_at - (m.off * interval '1 second'),
    fulfilled_at = t.fulfilled_at - (m.off * interval '1 second'), closed_at = t.closed_at - (m.off * interval '1 second'),
    expires_at = t.expires_at - (m.off * interval '1 second')
    FROM (VALUES ${values}) m(order_no, off) WHERE t.order_no = m.order_no`);
  await db.execute(sql`UPDATE callback_events t SET ${shift("received_at")}, ${shift("created_at")}, ${shift("updated_at")},
    event_at = t.event_at - (m.off * interval '1 second'), processed_at = t.processed_at - (m.off * interval '1 second')
    FROM (VALUES ${values}) m(order_no, off) WHERE t.order_no = m.order_no`);
  await db.execute(sql`UPDATE jobs t SET ${shift("created_at")}, ${shift("updated_at")}, finished_at = t.finished_at - (m.off * interval '1 second')
    FROM (VALUES ${values}) m(order_no, off) WHERE t.order_no = m.order_no AND t.status <> 'pending'`);
  await db.execute(sql`UPDATE job_attempts a SET ${shift("started_at", "a")}, ${shift("created_at", "a")}, finished_at = a.finished_at - (m.off * interval '1 second')
    FROM jobs j, (VALUES ${values}) m(order_no, off) WHERE a.job_id = j.id AND j.order_no = m.order_no`);
  // An order's audit rows state two of its times (order.create: expiresAt, order.paid: paidAt). They move with
  // it, so the order page's timeline says what its panel says. (A callback's raw body keeps the time sent.)
  const moved = (key: string) =>
    sql.raw(`'${key}', to_char(((t.after->>'${key}')::timestamptz - m.off * interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  await db.execute(sql`UPDATE audit_logs t SET ${shift("created_at")}, after = CASE WHEN jsonb_typeof(t.after) = 'object'
      THEN t.after || jsonb_strip_nulls(jsonb_build_object(${moved("paidAt")}, ${moved("expiresAt")})) ELSE t.after END
    FROM (VALUES ${values}) m(order_no, off) WHERE t.entity_type = 'order' AND t.entity_id = m.order_no`);
  await db.execute(sql`UPDATE discrepancies t SET ${shift("detected_at")}, ${shift("created_at")}
    FROM (VALUES ${values}) m(order_no, off) WHERE t.order_no = m.order_no`);
  // Let the live demo's janitor get to the still-open orders within minutes.
  await db.execute(sql`UPDATE jobs SET run_at = now() + interval '2 minutes' WHERE type = ${statusQueryJob.type} AND status = 'pending'`);
}
