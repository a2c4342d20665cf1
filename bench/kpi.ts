// KPI dashboard at scale (issue 12): a fresh PostgreSQL database with 1M raw orders for "today" (and their
// notifications, plus tickets, refunds and discrepancies), 89 earlier days at the same rate straight into the
// rollups (metric_minutes, kpi_hours, kpi_hour_counts), today rolled up by the real rollupMetrics +
// rollupKpis; then times every dashboard query exactly as the kpi router runs it (the four sections × today by
// hour, 7 / 30 / 90 days by day, and a provider filter), and the minute job's incremental rollup absorbing one
// more minute of traffic at that rate (~700 orders + notifications). Baseline in the same run: a primary-key
// lookup of one kpi_hours row.
//
//   npm run bench:kpi                              # 1M orders/day, a few minutes on two cores (seeding dominates)
//   npm run bench:kpi -- --orders 100000 --reps 20 --pg <admin url> --db payops_bench_kpi --keep-db
//
// Target (issue 12): every dashboard query ≤ 150 ms p95. Figures and reading: docs/PERFORMANCE.md.
import { sql } from "drizzle-orm";
import { CALLBACK_DELAY_BOUNDS_MS, DURATION_BOUNDS_S, type KpiQuery } from "@/lib/kpi";
import { cliArg, createDatabase, dropDatabase, finishLatencyRun, printLatencyTable, timeCase } from "./lib";

const args = process.argv.slice(2);
const arg = cliArg;
const ADMIN_URL = arg("pg", process.env.TEST_DATABASE_URL ?? "postgres://payops:payops@127.0.0.1:5432/postgres");
const DB_NAME = arg("db", "payops_bench_kpi");
const ORDERS = Number(arg("orders", "1000000")); // per day
const REPS = Number(arg("reps", "30"));
const KEEP = args.includes("--keep-db");
const TARGET_MS = 150;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Business day 2026-11-26 in Asia/Shanghai starts at 11-25T16:00Z; "now" is 23:00 local, 23 hours of traffic.
const TODAY = Date.parse("2026-11-25T16:00:00Z");
const NOW = TODAY + 23 * HOUR;
const PROVIDERS = ["alipay", "wechatpay", "stripe", "sandbox"];
const iso = (ms: number) => new Date(ms).toISOString();

/** A realistic callback delay histogram for `n` notifications (shares per bucket of CALLBACK_DELAY_BOUNDS_MS). */
const DELAY_SHARES = [0.01, 0.04, 0.15, 0.3, 0.25, 0.15, 0.05, 0.03, 0.01, 0.005, 0.005, 0, 0, 0, 0];
const DURATION_SHARES = [0.1, 0.3, 0.2, 0.1, 0.1, 0.08, 0.05, 0.03, 0.02, 0.01, 0.01, 0, 0, 0];
const histExpr = (shares: number[], n: string) => `ARRAY[${shares.map((s) => `round(${n} * ${s})::int`).join(", ")}]`;

function seedSql(orders: number): string[] {
  const perHourProvider = orders / 24 / PROVIDERS.length;
  const scopes = `(VALUES ${PROVIDERS.map((p) => `('${p}', 1)`).join(", ")}, ('*', ${PROVIDERS.length})) AS s(provider, f)`;
  // local hour shape: quiet nights, evening peak (mean 1)
  const shape = (h: string) => `(0.4 + 1.2 * (0.5 - 0.5 * cos(2 * pi() * ((extract(hour from ${h} at time zone 'Asia/Shanghai') + 0.5 - 3) / 24))))`;
  const a = `round(${perHourProvider} * ${shape("h")} * s.f)`;
  const m = `round(${orders / 1440 / PROVIDERS.length} * ${shape("mi")} * s.f)`;
  return [
    // 89 earlier days straight into the rollups.
    `INSERT INTO metric_minutes (minute, provider, attempts, successes, users, callbacks, callback_failures, callbacks_missing, callback_delay_p_50_ms, callback_delay_p_95_ms, amount_minor, fixed_by_query, callback_delay_hist)
     SELECT mi, s.provider, ${m}, round(${m} * 0.94), round(${m} * 0.9), round(${m} * 0.92), round(${m} * 0.002), round(${m} * 0.01), 900, 4200, round(${m} * 4500), round(${m} * 0.02),
            ${histExpr(DELAY_SHARES, `${m} * 0.92`)}
     FROM generate_series('${iso(TODAY - 89 * DAY)}'::timestamptz, '${iso(TODAY - 60_000)}'::timestamptz, interval '1 minute') mi CROSS JOIN ${scopes}`,
    `INSERT INTO kpi_hours (hour, provider, attempts, successes, amount_minor, callbacks, callback_failures, fixed_by_query, callback_delay_hist, complaints,
       tickets_opened, tickets_resolved, tickets_backlog, sla_breaches, first_response_hist, handle_hist, fcr_known, fcr_yes,
       refunds_instant, refunds_instant_minor, refunds_approved, refunds_approved_minor, discrepancies_found, discrepancies_auto, discrepancies_manual, discrepancy_resolve_hist)
     SELECT h, s.provider, ${a}, round(${a} * 0.94), round(${a} * 4500), round(${a} * 0.92), round(${a} * 0.002), round(${a} * 0.02), ${histExpr(DELAY_SHARES, `${a} * 0.92`)}, round(${a} * 0.001),
       round(${a} * 0.002), round(${a} * 0.002), round(${a} * 0.01), round(${a} * 0.0001), ${histExpr(DURATION_SHARES, `${a} * 0.002`)}, ${histExpr(DURATION_SHARES, `${a} * 0.002`)},
       round(${a} * 0.002), round(${a} * 0.0015), round(${a} * 0.0008), round(${a} * 0.0008 * 4500), round(${a} * 0.0002), round(${a} * 0.0002 * 30000),
       round(${a} * 0.001), round(${a} * 0.0007), round(${a} * 0.0003), ${histExpr(DURATION_SHARES, `${a} * 0.001`)}
     FROM generate_series('${iso(TODAY - 89 * DAY)}'::timestamptz, '${iso(TODAY - HOUR)}'::timestamptz, interval '1 hour') h CROSS JOIN ${scopes}`,
    `INSERT INTO kpi_hour_counts (hour, provider, dimension, key, count, amount_minor)
     SELECT h, s.provider, d.dimension, d.key, greatest(1, round(${a} * d.share)), round(${a} * d.share * 3000)
     FROM generate_series('${iso(TODAY - 89 * DAY)}'::timestamptz, '${iso(TODAY - HOUR)}'::timestamptz, interval '1 hour') h CROSS JOIN ${scopes}
     CROSS JOIN (VALUES ('discrepancy', 'status_mismatch:high', 0.0004), ('discrepancy', 'amount_mismatch:medium', 0.0002), ('discrepancy', 'fee_mismatch:low', 0.0003),
                        ('discrepancy', 'missing_internal:high', 0.0001), ('ticket_type', 'paid_not_updated', 0.0008), ('ticket_type', 'refund', 0.0005),
                        ('ticket_type', 'charged_twice', 0.0002), ('ticket_type', 'failed_but_deducted', 0.0003), ('ticket_type', 'complaint', 0.0001), ('ticket_type', 'other', 0.0001)) AS d(dimension, key, share)`,
    // Today: raw orders and notifications through the real rollups.
    `INSERT INTO orders (order_no, user_id, amount_minor, currency, provider, status, paid_at, paid_via, created_at, updated_at)
     SELECT 'KB' || i, 'u' || (i % 200000), 1000 + (i % 8000), 'CNY', (ARRAY['alipay','wechatpay','stripe','sandbox'])[1 + i % 4],
            CASE WHEN i % 17 = 0 THEN 'CREATED' ELSE 'PAID' END, CASE WHEN i % 17 = 0 THEN NULL ELSE t + interval '20 seconds' END,
            CASE WHEN i % 17 = 0 THEN NULL WHEN i % 50 = 0 THEN 'query' ELSE 'notify' END, t, t
     FROM (SELECT i, '${iso(TODAY)}'::timestamptz + (i::double precision / ${orders} * ${(NOW - TODAY) / 1000}) * interval '1 second' AS t
           FROM generate_series(1, ${orders}) i) x`,
    `INSERT INTO callback_events (provider, source, received_at, headers, body, verification, outcome, event_id, order_no, provider_status, amount_minor, currency, event_at, delay_ms)
     SELECT provider, 'notify', paid_at + (200 + (hashtext(order_no) & 4095)) * interval '1 millisecond', '{}', '{}', 'verified', 'applied', 'e' || order_no, order_no, 'SUCCESS',
            amount_minor, 'CNY', paid_at, 200 + (hashtext(order_no) & 4095)
     FROM orders WHERE paid_via = 'notify' AND created_at >= '${iso(TODAY)}'`,
    // Today's service and reconciliation work: tickets (half with a first response, a third solved), refunds, discrepancies.
    `INSERT INTO tickets (number, subject, description, source, created_by, type, order_no, status, first_response_at, solved_at, handle_seconds, first_contact_resolution, created_at, updated_at)
     SELECT 'KT' || i, 's', 'd', 'console', 'bench', (ARRAY['paid_not_updated','refund','charged_twice','failed_but_deducted','complaint','other'])[1 + i % 6], 'KB' || (i * 37),
            CASE WHEN i % 3 = 0 THEN 'solved' ELSE 'open' END, CASE WHEN i % 2 = 0 THEN t + interval '10 minutes' END, CASE WHEN i % 3 = 0 THEN t + interval '2 hours' END,
            CASE WHEN i % 3 = 0 THEN 300 + i % 2000 END, CASE WHEN i % 3 = 0 THEN i % 4 <> 0 END, t, t
     FROM (SELECT i, '${iso(TODAY)}'::timestamptz + (i::double precision / ${Math.round(orders / 500)} * ${(NOW - TODAY - 2 * HOUR) / 1000}) * interval '1 second' AS t
           FROM generate_series(1, ${Math.round(orders / 500)}) i) x`,
    `INSERT INTO ticket_events (ticket_id, at, kind, actor) SELECT id, created_at + interval '4 hours', 'sla_breached', 'system:sla' FROM tickets WHERE id % 40 = 0`,
    `INSERT INTO refunds (refund_no, order_id, order_no, provider, user_id, kind, amount_minor, currency, reason_code, status, requested_by, requested_by_label, decided_by, succeeded_at, created_at, updated_at)
     SELECT 'KR' || o.order_no, o.id, o.order_no, o.provider, o.user_id, 'refund', o.amount_minor, 'CNY', 'customer_request',
            CASE WHEN o.amount_minor % 10 = 0 THEN 'pending_approval' ELSE 'succeeded' END, 'bench', 'bench', CASE WHEN o.amount_minor > 7000 THEN 'mgr' END,
            CASE WHEN o.amount_minor % 10 = 0 THEN NULL ELSE o.paid_at + interval '1 hour' END, o.paid_at, o.paid_at
     FROM orders o WHERE o.paid_at IS NOT NULL AND o.paid_at < '${iso(NOW - HOUR)}' AND hashtext(o.order_no) % 1000 = 0`,
    `INSERT INTO discrepancies (type, risk, provider, status, our_facts, provider_facts, difference_minor, detected_at, resolved_at, repair_rule, created_at, updated_at)
     SELECT (ARRAY['status_mismatch','amount_mismatch','fee_mismatch'])[1 + i % 3], (ARRAY['high','medium','low'])[1 + i % 3], (ARRAY['alipay','wechatpay','stripe','sandbox'])[1 + i % 4],
            CASE WHEN i % 5 = 0 THEN 'open' ELSE 'resolved' END, '{}', '{}', 100 + i % 900, t, CASE WHEN i % 5 <> 0 THEN t + interval '30 minutes' END,
            CASE WHEN i % 5 <> 0 AND i % 2 = 0 THEN 'apply_payment' END, t, t
     FROM (SELECT i, '${iso(TODAY)}'::timestamptz + (i::double precision / ${Math.round(orders / 1000)} * ${(NOW - TODAY - HOUR) / 1000}) * interval '1 second' AS t
           FROM generate_series(1, ${Math.round(orders / 1000)}) i) x`,
  ];
}

/** One more minute of traffic at the daily rate, starting at `at`: orders and their notifications. */
function minuteSql(orders: number, at: number, tag: number): string[] {
  const perMinute = Math.round(orders / 1440);
  return [
    `INSERT INTO orders (order_no, user_id, amount_minor, currency, provider, status, paid_at, paid_via, created_at, updated_at)
     SELECT 'KM${tag}-' || i, 'u' || i, 1000 + i, 'CNY', (ARRAY['alipay','wechatpay','stripe','sandbox'])[1 + i % 4], 'PAID', t + interval '5 seconds', 'notify', t, t
     FROM (SELECT i, '${iso(at)}'::timestamptz + (i::double precision / ${perMinute} * 60) * interval '1 second' AS t FROM generate_series(1, ${perMinute}) i) x`,
    `INSERT INTO callback_events (provider, source, received_at, headers, body, verification, outcome, event_id, order_no, provider_status, amount_minor, currency, event_at, delay_ms)
     SELECT provider, 'notify', paid_at + interval '800 milliseconds', '{}', '{}', 'verified', 'applied', 'e' || order_no, order_no, 'SUCCESS', amount_minor, 'CNY', paid_at, 800
     FROM orders WHERE order_no LIKE 'KM${tag}-%'`,
  ];
}

async function main() {
  console.log(`[setup] database ${DB_NAME} on ${new URL(ADMIN_URL).host}, ${ORDERS.toLocaleString("en")} orders/day, ${REPS} repetitions per case`);
  void CALLBACK_DELAY_BOUNDS_MS;
  void DURATION_BOUNDS_S;
  const url = await createDatabase(ADMIN_URL, DB_NAME);
  const { openDb } = await import("@/db/client");
  const handle = await openDb({ driver: "pg", url, poolMax: 2 }); // migrates
  const db = handle.db;
  const { rollupMetrics } = await import("@/server/metrics/rollup-metrics");
  const { rollupKpis } = await import("@/server/kpi/rollup-kpis");
  const { getPaymentKpis } = await import("@/server/kpi/get-payment-kpis");
  const { getServiceKpis } = await import("@/server/kpi/get-service-kpis");
  const { getReconKpis } = await import("@/server/kpi/get-recon-kpis");
  const { getIncidentKpis } = await import("@/server/kpi/get-incident-kpis");
  try {
    let t = performance.now();
    for (const statement of seedSql(ORDERS)) await db.execute(sql.raw(statement));
    const seedS = (performance.now() - t) / 1000;
    t = performance.now();
    // Today through the real rollups (one backfill), as the minute job would have built it.
    await rollupMetrics(db, { now: new Date(NOW), from: new Date(TODAY), retentionMs: 100 * DAY });
    await rollupKpis(db, { now: new Date(NOW), from: new Date(TODAY) });
    const backfillS = (performance.now() - t) / 1000;
    await db.execute(sql.raw("vacuum analyze"));
    const counts = await db.execute(
      sql.raw(`select (select count(*) from orders) orders, (select count(*) from callback_events) callbacks, (select count(*) from metric_minutes) minutes,
                      (select count(*) from kpi_hours) hours, (select count(*) from kpi_hour_counts) hour_counts, (select count(*) from tickets) tickets`),
    );
    console.log(`[seed] ${seedS.toFixed(1)} s, today's backfill ${backfillS.toFixed(1)} s:`, (counts as unknown as { rows: unknown[] }).rows[0]);

    const ranges: [string, KpiQuery][] = [
      ["today by hour", { from: new Date(TODAY), to: new Date(NOW + HOUR), provider: null, bucket: "hour" }],
      ["7 d by day", { from: new Date(TODAY - 6 * DAY), to: new Date(TODAY + DAY), provider: null, bucket: "day" }],
      ["30 d by day", { from: new Date(TODAY - 29 * DAY), to: new Date(TODAY + DAY), provider: null, bucket: "day" }],
      ["90 d by day", { from: new Date(TODAY - 89 * DAY), to: new Date(TODAY + DAY), provider: null, bucket: "day" }],
      ["90 d by day, alipay", { from: new Date(TODAY - 89 * DAY), to: new Date(TODAY + DAY), provider: "alipay", bucket: "day" }],
    ];
    const sections = [
      ["payments", getPaymentKpis],
      ["service", getServiceKpis],
      ["recon", getReconKpis],
      ["incidents", getIncidentKpis],
    ] as const;
    const cases = [
      { name: "baseline: kpi_hours primary-key lookup", run: (d: typeof db) => d.execute(sql`select * from kpi_hours where provider = '*' and hour = ${iso(TODAY - DAY)}::timestamptz`) },
      ...sections.flatMap(([section, fn]) => ranges.map(([label, q]) => ({ name: `${section}: ${label}`, run: (d: typeof db) => fn(d, q) }))),
    ];
    const results = [];
    for (const c of cases) results.push(await timeCase(db, c, REPS));

    // The minute job absorbing one more minute of traffic: rollupMetrics (its last 15 minutes) then rollupKpis (2 hours).
    const absorb: { metrics: number; kpis: number }[] = [];
    for (let k = 0; k < 5; k++) {
      const at = NOW + k * 60_000;
      for (const s of minuteSql(ORDERS, at, k)) await db.execute(sql.raw(s));
      const now = new Date(at + 60_000 + 5_000);
      const t0 = performance.now();
      await rollupMetrics(db, { now, retentionMs: 100 * DAY });
      const t1 = performance.now();
      await rollupKpis(db, { now });
      absorb.push({ metrics: t1 - t0, kpis: performance.now() - t1 });
    }

    printLatencyTable(results, TARGET_MS);
    const perMinute = Math.round(ORDERS / 1440);
    const fmt = (xs: number[]) => `median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
    console.log(`\nincremental rollup of one minute (${perMinute} orders + notifications), 5 runs: rollupMetrics ${fmt(absorb.map((a) => a.metrics))}; rollupKpis ${fmt(absorb.map((a) => a.kpis))}`);
    const load = (await import("node:os")).loadavg()[0]!;
    console.log(`load average during the run: ${load.toFixed(1)} on ${(await import("node:os")).cpus().length} CPUs`);
    finishLatencyRun("kpi", TARGET_MS, "dashboard query", results.slice(1), { orders: ORDERS, reps: REPS, seedS, backfillS, absorb, load });
  } finally {
    await handle.close();
    if (!KEEP) await dropDatabase(ADMIN_URL, DB_NAME);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
