// Console list latency at scale: seeds a fresh PostgreSQL database with 1M orders (and proportionate
// callbacks, jobs, discrepancies and audit rows), then times each list exactly as the console runs it —
// the same domain functions and keyset helper the tRPC procedures call — first pages, deep pages, every
// filter the console offers, and the search lookups, against a primary-key lookup measured in the same run.
//
//   npm run bench:lists                          # 1M orders, ~5–10 min on two cores (seeding dominates)
//   npm run bench:lists -- --orders 100000 --reps 50 --pg <admin url> --db payops_bench_lists --keep-db
//   npm run bench:lists -- --reuse-db             # time again against the database a --keep-db run left
//
// Target (issue 7): every list ≤ 50 ms p95 at 1M orders. Figures and reading: docs/PERFORMANCE.md.
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Db } from "@/db/client";
import { cliArg, createDatabase, databaseUrl, dropDatabase, finishLatencyRun, timeCase } from "./lib";

const args = process.argv.slice(2);
const arg = cliArg;
const ADMIN_URL = arg("pg", process.env.TEST_DATABASE_URL ?? "postgres://payops:payops@127.0.0.1:5432/postgres");
const DB_NAME = arg("db", "payops_bench_lists");
const ORDERS = Number(arg("orders", "1000000"));
const REPS = Number(arg("reps", "40"));
const DEEP = Number(arg("deep", "50")); // pages walked before timing the "deep" page
const KEEP = args.includes("--keep-db") || args.includes("--reuse-db");
// Time against a database seeded by an earlier --keep-db run (same --db), skipping the seeding.
const REUSE = args.includes("--reuse-db");
const TARGET_MS = 50;

interface Case {
  name: string;
  run: (db: Db) => Promise<unknown>;
}

interface Plan {
  planningMs: number;
  executionMs: number;
  /** Shared buffers hit + read: the work a query does, independent of how busy the machine is. */
  buffers: number;
  indexes: string[];
}

function walkPlan(node: Record<string, unknown>, indexes: Set<string>): void {
  if (typeof node["Index Name"] === "string") indexes.add(node["Index Name"]);
  if (node["Node Type"] === "Seq Scan") indexes.add(`seq:${String(node["Relation Name"])}`);
  for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walkPlan(child, indexes);
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement one run of the case sends, summed. */
async function explain(pool: pg.Pool, queries: { query: string; params: unknown[] }[]): Promise<Plan> {
  const plan: Plan = { planningMs: 0, executionMs: 0, buffers: 0, indexes: [] };
  const indexes = new Set<string>();
  for (const q of queries) {
    const r = await pool.query<{ "QUERY PLAN": Record<string, unknown>[] }>(`explain (analyze, buffers, format json) ${q.query}`, q.params);
    const top = r.rows[0]!["QUERY PLAN"][0]!;
    const root = top.Plan as Record<string, number> & Record<string, unknown>;
    plan.planningMs += Number(top["Planning Time"]);
    plan.executionMs += Number(top["Execution Time"]);
    plan.buffers += Number(root["Shared Hit Blocks"] ?? 0) + Number(root["Shared Read Blocks"] ?? 0);
    walkPlan(root, indexes);
  }
  plan.indexes = [...indexes];
  return plan;
}

// Realistic spread, deterministic per row: 40 % Alipay, 30 % WeChat Pay, 20 % Stripe, 10 % sandbox;
// 85 % fulfilled, 5 % paid, 7 % closed, 3 % still created; 0.2 % flagged for review; 90 days of history.
const SEED_SQL = (n: number) => [
  `insert into orders (order_no, user_id, user_phone, amount_minor, currency, provider, subject, status,
      provider_transaction_id, paid_at, paid_via, fulfilled_at, closed_at, needs_review, review_reason, created_at, updated_at)
   select 'ORD' || lpad(i::text, 10, '0'), 'u' || (i % 50000), '138' || lpad(((i * 7919) % 100000000)::text, 8, '0'),
      100 + (i * 37) % 50000,
      case when i % 10 in (7, 8) then 'USD' else 'CNY' end,
      case when i % 10 < 4 then 'alipay' when i % 10 < 7 then 'wechatpay' when i % 10 < 9 then 'stripe' else 'sandbox' end,
      'bench order',
      s.status,
      case when s.status in ('PAID', 'FULFILLED') then 'TXN' || lpad(i::text, 12, '0') end,
      case when s.status in ('PAID', 'FULFILLED') then c.created_at + interval '30 seconds' end,
      case when s.status in ('PAID', 'FULFILLED') then 'notify' end,
      case when s.status = 'FULFILLED' then c.created_at + interval '40 seconds' end,
      case when s.status = 'CLOSED' then c.created_at + interval '30 minutes' end,
      i % 500 = 0, case when i % 500 = 0 then 'bench' end,
      c.created_at, c.created_at
   from generate_series(1::bigint, ${n}) i
   cross join lateral (select now() - (${n} - i) * (interval '90 days' / ${n}) - ((i * 13) % 1000) * interval '1 millisecond' as created_at) c
   cross join lateral (select case when (i * 7) % 100 < 85 then 'FULFILLED' when (i * 7) % 100 < 90 then 'PAID'
                                   when (i * 7) % 100 < 97 then 'CLOSED' else 'CREATED' end as status) s`,
  // One verified notification per paid order, plus 1 % problem messages (rejected, malformed, unknown order, error).
  `insert into callback_events (provider, source, received_at, headers, body, verification, outcome, order_no, reject_reason)
   select o.provider, 'notify', o.paid_at, '{}'::jsonb, '{"bench":true}', 'verified', 'applied', o.order_no, null
   from orders o where o.paid_at is not null`,
  `insert into callback_events (provider, source, received_at, headers, body, verification, outcome, order_no, reject_reason)
   select case when i % 4 = 0 then 'alipay' when i % 4 = 1 then 'wechatpay' when i % 4 = 2 then 'stripe' else 'sandbox' end,
      'notify', now() - (i * interval '7 minutes'), '{}'::jsonb, '{"bench":true}',
      case when i % 4 = 0 then 'rejected' when i % 4 = 1 then 'malformed' else 'verified' end,
      case when i % 4 = 0 then 'rejected' when i % 4 = 1 then 'malformed' when i % 4 = 2 then 'unknown_order' else 'error' end,
      'ORDX' || i, case when i % 4 = 0 then 'signature mismatch' end
   from generate_series(1, ${Math.max(1, Math.round(n / 100))}) i`,
  // A fulfilment job per paid order (succeeded; 0.5 % dead, 1 % pending), a status query per open order.
  `insert into jobs (type, payload, status, attempts, max_attempts, run_at, order_no, last_error, finished_at, created_at, updated_at)
   select 'order.fulfil', '{}'::jsonb,
      case when hashtext(o.order_no) % 200 = 0 then 'dead' when hashtext(o.order_no) % 100 = 1 then 'pending' else 'succeeded' end,
      1, 8, o.paid_at, o.order_no,
      case when hashtext(o.order_no) % 200 = 0 then 'merchant answered HTTP 503' end,
      o.fulfilled_at, o.paid_at, coalesce(o.fulfilled_at, o.paid_at)
   from orders o where o.paid_at is not null order by o.paid_at`,
  `insert into jobs (type, payload, status, attempts, max_attempts, run_at, order_no, created_at, updated_at)
   select 'status.query', '{}'::jsonb, 'pending', 0, 6, o.created_at + interval '15 minutes', o.order_no, o.created_at, o.created_at
   from orders o where o.status = 'CREATED' order by o.created_at`,
  // 0.5 % discrepancies, mostly open, all three risks.
  `insert into discrepancies (type, risk, status, provider, order_no, provider_transaction_id, expected_amount_minor,
      actual_amount_minor, currency, our_facts, provider_facts, detected_at)
   select 'amount_mismatch', case when i % 3 = 0 then 'high' when i % 3 = 1 then 'medium' else 'low' end,
      case when i % 5 = 0 then 'resolved' else 'open' end, o.provider, o.order_no, o.provider_transaction_id,
      o.amount_minor, o.amount_minor - 100, o.currency, '{}'::jsonb, '{}'::jsonb, o.paid_at
   from (select o.*, row_number() over () as i from orders o where o.paid_at is not null and hashtext(o.order_no) % 200 = 7) o`,
  // An audit row per state change: created, paid, fulfilled by the system; 1 % by people.
  `insert into audit_logs (actor_label, action, entity_type, entity_id, after, created_at, updated_at)
   select case when hashtext(o.order_no) % 100 = 0 then 'ops@payops.local' else 'system:callbacks' end,
      'order.paid', 'order', o.order_no, jsonb_build_object('status', 'PAID'), o.paid_at, o.paid_at
   from orders o where o.paid_at is not null order by o.paid_at`,
];

async function main() {
  console.log(`[setup] database ${DB_NAME} on ${new URL(ADMIN_URL).host}, ${ORDERS.toLocaleString("en")} orders, ${REPS} repetitions per case`);
  const url = REUSE ? databaseUrl(ADMIN_URL, DB_NAME) : await createDatabase(ADMIN_URL, DB_NAME);
  const { openDb } = await import("@/db/client");
  const handle = await openDb({ driver: "pg", url, poolMax: 2 }); // migrates
  const db = handle.db;
  try {
    const seedStart = performance.now();
    if (!REUSE) {
      for (const statement of SEED_SQL(ORDERS)) await db.execute(sql.raw(statement));
      await db.execute(sql.raw("vacuum analyze"));
    }
    const counts = await db.execute(
      sql.raw(`select (select count(*) from orders) orders, (select count(*) from callback_events) callbacks, (select count(*) from jobs) jobs,
                      (select count(*) from discrepancies) discrepancies, (select count(*) from audit_logs) audit`),
    );
    console.log(`[setup] seeded and analyzed in ${((performance.now() - seedStart) / 1000).toFixed(0)} s:`, (counts as unknown as { rows: unknown[] }).rows[0]);

    const { orders } = await import("@/db/schema");
    const { searchOrders } = await import("@/server/orders/search-orders");
    const { listJobs } = await import("@/server/jobs/list-jobs");
    const { listCallbacks } = await import("@/server/callbacks/list-callbacks");
    const { listDiscrepancies } = await import("@/server/discrepancies/list-discrepancies");
    const { listAudit } = await import("@/server/audit/list-audit");

    // A cursor DEEP pages in, walked the way a user clicking "next" would.
    const deepCursor = async (fetch: (cursor: string | undefined) => Promise<{ nextCursor: string | null }>) => {
      let cursor: string | undefined;
      for (let i = 0; i < DEEP; i++) {
        const next = (await fetch(cursor)).nextCursor;
        if (!next) break;
        cursor = next;
      }
      return cursor;
    };
    const sample = (await searchOrders(db, { status: "FULFILLED", limit: 1 })).items[0]!;
    const pkId = sample.id;
    const deep = {
      orders: await deepCursor((cursor) => searchOrders(db, { cursor })),
      provider: await deepCursor((cursor) => searchOrders(db, { provider: "stripe", cursor })),
      jobs: await deepCursor((cursor) => listJobs(db, { status: "succeeded", cursor })),
      audit: await deepCursor((cursor) => listAudit(db, { cursor })),
      discrepancies: await deepCursor((cursor) => listDiscrepancies(db, { cursor })),
    };

    const cases: Case[] = [
      { name: "baseline: order by primary key", run: (db) => db.select().from(orders).where(eq(orders.id, pkId)) },
      { name: "orders: lookup by order number", run: (db) => searchOrders(db, { q: sample.orderNo }) },
      { name: "orders: lookup by phone", run: (db) => searchOrders(db, { q: sample.userPhone! }) },
      { name: "orders: lookup by transaction id", run: (db) => searchOrders(db, { q: sample.providerTransactionId! }) },
      { name: "orders: first page, unfiltered", run: (db) => searchOrders(db, {}) },
      { name: `orders: page ${DEEP + 1}, unfiltered`, run: (db) => searchOrders(db, { cursor: deep.orders }) },
      { name: "orders: first page, oldest first", run: (db) => searchOrders(db, { sort: "createdAt.asc" }) },
      { name: "orders: provider = stripe", run: (db) => searchOrders(db, { provider: "stripe" }) },
      { name: `orders: provider = stripe, page ${DEEP + 1}`, run: (db) => searchOrders(db, { provider: "stripe", cursor: deep.provider }) },
      { name: "orders: needs review", run: (db) => searchOrders(db, { needsReview: true }) },
      { name: "orders: status = CREATED", run: (db) => searchOrders(db, { status: "CREATED" }) },
      { name: "orders: status = PAID, provider = alipay", run: (db) => searchOrders(db, { status: "PAID", provider: "alipay" }) },
      { name: "jobs: dead tab (+ counts, types)", run: (db) => listJobs(db, { status: "dead" }) },
      { name: "jobs: succeeded tab (+ counts, types)", run: (db) => listJobs(db, { status: "succeeded" }) },
      { name: `jobs: succeeded tab, page ${DEEP + 1}`, run: (db) => listJobs(db, { status: "succeeded", cursor: deep.jobs }) },
      { name: "jobs: pending, type = status.query", run: (db) => listJobs(db, { status: "pending", type: "status.query" }) },
      { name: "callbacks: all problems", run: (db) => listCallbacks(db, {}) },
      { name: "callbacks: rejected", run: (db) => listCallbacks(db, { kind: "rejected" }) },
      { name: "callbacks: stuck", run: (db) => listCallbacks(db, { kind: "stuck" }) },
      { name: "callbacks: all problems, provider = stripe", run: (db) => listCallbacks(db, { provider: "stripe" }) },
      { name: "discrepancies: open", run: (db) => listDiscrepancies(db, {}) },
      { name: `discrepancies: open, page ${DEEP + 1}`, run: (db) => listDiscrepancies(db, { cursor: deep.discrepancies }) },
      { name: "discrepancies: resolved", run: (db) => listDiscrepancies(db, { status: "resolved" }) },
      { name: "audit: first page", run: (db) => listAudit(db, {}) },
      { name: `audit: page ${DEEP + 1}`, run: (db) => listAudit(db, { cursor: deep.audit }) },
      { name: "audit: actor = ops@payops.local", run: (db) => listAudit(db, { actor: "ops@payops.local" }) },
      { name: "audit: entity order:<n>", run: (db) => listAudit(db, { entityType: "order", entityId: sample.orderNo }) },
    ];

    // The same calls through a logging Drizzle instance, to EXPLAIN exactly the statements they send.
    const schema = await import("@/db/schema");
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const captured: { query: string; params: unknown[] }[] = [];
    const logDb = drizzle({ client: pool, schema, casing: "snake_case", logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Db;
    const results = [];
    for (const c of cases) {
      const timing = await timeCase(db, c, REPS);
      captured.length = 0;
      await c.run(logDb);
      results.push({ ...timing, plan: await explain(pool, [...captured]) });
    }
    await pool.end();
    const base = results[0]!.p95;
    const w = Math.max(...results.map((r) => r.name.length));
    console.log(`\n${"case".padEnd(w)}   p50 ms   p95 ms   max ms  p95/base | plan ms  exec ms  buffers  indexes`);
    for (const r of results) {
      const flag = r.p95 > TARGET_MS ? " !" : "  ";
      console.log(
        `${r.name.padEnd(w)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${r.max.toFixed(2).padStart(8)} ${(r.p95 / base).toFixed(1).padStart(8)}×${flag}| ` +
          `${r.plan.planningMs.toFixed(2).padStart(7)} ${r.plan.executionMs.toFixed(2).padStart(8)} ${String(r.plan.buffers).padStart(8)}  ${r.plan.indexes.join(", ")}`,
      );
    }
    const load = (await import("node:os")).loadavg()[0]!;
    console.log(`\nload average during the run: ${load.toFixed(1)} on ${(await import("node:os")).cpus().length} CPUs (p50/p95 are wall clock in this process; "exec ms"/"buffers" are PostgreSQL's own)`);
    finishLatencyRun("lists", TARGET_MS, "list", results, { orders: ORDERS, reps: REPS, deep: DEEP });
  } finally {
    await handle.close();
    if (!KEEP) await dropDatabase(ADMIN_URL, DB_NAME);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
