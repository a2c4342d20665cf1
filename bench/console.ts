// The agents' console at scale (issue 10): seeds a fresh PostgreSQL database with 1M orders, 100k tickets
// (five queues, every status, 40 agents) and the reply-script/KB starting content, then times exactly what
// the console runs — customer lookup (server/customers/find-customer.ts: the search plus the person's first
// page of orders with their situations and tickets), the ticket queue (server/tickets/list-tickets.ts: a queue
// tab's first page and "mine") and KB search (server/kb/search-articles.ts) — against a primary-key lookup
// measured in the same run (the ratio survives a busy machine better than the milliseconds do).
//
//   npm run bench:console                        # 1M orders, 100k tickets; seeding dominates (minutes)
//   npm run bench:console -- --orders 100000 --tickets 10000 --reps 30 --keep-db
//   npm run bench:console -- --reuse-db          # time again against the database a --keep-db run left
//
// Target (issue 10): p95 ≤ 150 ms each. Figures and reading: docs/PERFORMANCE.md.
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cliArg, createDatabase, databaseUrl, dropDatabase, finishLatencyRun, printLatencyTable, timeCase } from "./lib";

const args = process.argv.slice(2);
const arg = cliArg;
const ADMIN_URL = arg("pg", process.env.TEST_DATABASE_URL ?? "postgres://payops:payops@127.0.0.1:5432/postgres");
const DB_NAME = arg("db", "payops_bench_console");
const ORDERS = Number(arg("orders", "1000000"));
const TICKETS = Number(arg("tickets", "100000"));
const REPS = Number(arg("reps", "40"));
const KEEP = args.includes("--keep-db") || args.includes("--reuse-db");
const REUSE = args.includes("--reuse-db");
const TARGET_MS = 150;
const AGENTS = 40;

// 50k users (20 orders each on average, a phone per user), 90 days of history; statuses as in bench/lists.ts.
const SEED_SQL = (orders: number, tickets: number) => [
  `insert into users (email, name, password_hash, role)
   select 'agent' || i || '@bench.local', 'Agent ' || i, 'x', case when i % 5 = 0 then 'senior_agent' else 'agent' end
   from generate_series(1, ${AGENTS}) i`,
  `insert into orders (order_no, user_id, user_phone, amount_minor, currency, provider, subject, status,
      provider_transaction_id, paid_at, paid_via, fulfilled_at, closed_at, created_at, updated_at)
   select 'ORD' || lpad(i::text, 10, '0'), 'u' || (i % 50000), '139' || lpad((i % 50000)::text, 8, '0'),
      100 + (i * 37) % 50000, 'CNY',
      case when i % 10 < 4 then 'alipay' when i % 10 < 7 then 'wechatpay' when i % 10 < 9 then 'stripe' else 'sandbox' end,
      'bench order', s.status,
      case when s.status in ('PAID', 'FULFILLED') then 'TXN' || lpad(i::text, 12, '0') end,
      case when s.status in ('PAID', 'FULFILLED') then c.created_at + interval '30 seconds' end,
      case when s.status in ('PAID', 'FULFILLED') then 'notify' end,
      case when s.status = 'FULFILLED' then c.created_at + interval '40 seconds' end,
      case when s.status = 'CLOSED' then c.created_at + interval '30 minutes' end,
      c.created_at, c.created_at
   from generate_series(1::bigint, ${orders}) i
   cross join lateral (select now() - (${orders} - i) * (interval '90 days' / ${orders}) as created_at) c
   cross join lateral (select case when (i * 7) % 100 < 85 then 'FULFILLED' when (i * 7) % 100 < 90 then 'PAID'
                                   when (i * 7) % 100 < 97 then 'CLOSED' else 'CREATED' end as status) s`,
  // One verified notification per paid order in the last 2 days (what the situation query reads), 1 % open discrepancies.
  `insert into callback_events (provider, source, received_at, headers, body, verification, outcome, order_no)
   select o.provider, 'notify', o.paid_at, '{}'::jsonb, '{"bench":true}', 'verified', 'applied', o.order_no
   from orders o where o.paid_at > now() - interval '2 days'`,
  `insert into discrepancies (type, risk, status, provider, order_no, provider_transaction_id, expected_amount_minor,
      actual_amount_minor, currency, our_facts, provider_facts, detected_at)
   select 'amount_mismatch', 'medium', 'open', o.provider, o.order_no, o.provider_transaction_id,
      o.amount_minor, o.amount_minor - 100, o.currency, '{}'::jsonb, '{}'::jsonb, o.paid_at
   from orders o where o.paid_at is not null and hashtext(o.order_no) % 100 = 7`,
  // Tickets: one order each (every 10th order), queues and statuses spread, 70 % assigned among the agents.
  `insert into tickets (number, subject, description, status, priority, queue, type, source, order_no, requester_user_id,
      assignee_id, created_by, created_at, updated_at)
   select 'T-2026-' || lpad(i::text, 6, '0'), '付款成功但订单未更新', 'bench',
      (array['new','open','open','pending','solved','solved','closed','closed'])[1 + i % 8],
      (array['low','normal','normal','high','urgent'])[1 + i % 5],
      (array['cs_l1','cs_l1','cs_l1','cs_l2','finance','ops','tech'])[1 + i % 7],
      'other', (array['self_service','console','discrepancy','alert'])[1 + i % 4],
      o.order_no, o.user_id,
      case when i % 10 < 7 then a.ids[1 + (i % ${AGENTS})] end,
      'bench', now() - (${tickets} - i) * (interval '60 days' / ${tickets}), now() - (${tickets} - i) * (interval '60 days' / ${tickets})
   from generate_series(1, ${tickets}) i
   cross join (select array_agg(id order by email) ids from users where email like '%@bench.local') a
   join orders o on o.order_no = 'ORD' || lpad((i * 10)::text, 10, '0')`,
];

interface Case {
  name: string;
  run: (db: Db) => Promise<unknown>;
}

async function main() {
  console.log(`[setup] database ${DB_NAME} on ${new URL(ADMIN_URL).host}, ${ORDERS.toLocaleString("en")} orders, ${TICKETS.toLocaleString("en")} tickets, ${REPS} repetitions per case`);
  const url = REUSE ? databaseUrl(ADMIN_URL, DB_NAME) : await createDatabase(ADMIN_URL, DB_NAME);
  const { openDb } = await import("@/db/client");
  // Pool of 4: the lookup's order page runs its situation queries side by side, as under the tRPC procedure.
  const handle = await openDb({ driver: "pg", url, poolMax: 4 });
  const db = handle.db;
  try {
    const seedStart = performance.now();
    if (!REUSE) {
      for (const statement of SEED_SQL(ORDERS, TICKETS)) await db.execute(sql.raw(statement));
      const { seedScriptsAndKb } = await import("@/server/scripts/seed-scripts-kb");
      await seedScriptsAndKb(db);
      await db.execute(sql.raw("vacuum analyze"));
    }
    const counts = await db.execute(
      sql.raw(`select (select count(*) from orders) orders, (select count(*) from tickets) tickets, (select count(*) from kb_articles) articles`),
    );
    console.log(`[setup] seeded and analyzed in ${((performance.now() - seedStart) / 1000).toFixed(0)} s:`, (counts as unknown as { rows: unknown[] }).rows[0]);

    const { orders, users } = await import("@/db/schema");
    const { findCustomer, listCustomerOrders } = await import("@/server/customers/find-customer");
    const { listTickets } = await import("@/server/tickets/list-tickets");
    const { searchArticles } = await import("@/server/kb/search-articles");

    const [sample] = await db.select().from(orders).where(eq(orders.orderNo, `ORD${String(Math.floor(ORDERS / 2)).padStart(10, "0")}`));
    if (!sample) throw new Error("sample order missing");
    const [agent] = await db.select({ id: users.id }).from(users).where(eq(users.email, "agent1@bench.local"));
    // What the customer page does for one search: find the person, then their first page of orders.
    const lookup = async (db: Db, q: string) => {
      const found = await findCustomer(db, q);
      const person = found.people[0];
      if (!person) throw new Error(`no customer for ${q}`);
      return listCustomerOrders(db, { userId: person.userId });
    };

    const cases: Case[] = [
      { name: "baseline: order by primary key", run: (db) => db.select().from(orders).where(eq(orders.id, sample.id)) },
      { name: "customer lookup: by phone", run: (db) => lookup(db, sample.userPhone!) },
      { name: "customer lookup: by order no", run: (db) => lookup(db, sample.orderNo) },
      { name: "customer lookup: by user id", run: (db) => lookup(db, sample.userId) },
      { name: "customer lookup: by transaction id", run: (db) => lookup(db, sample.providerTransactionId ?? sample.orderNo) },
      { name: "queue: cs_l1, new, first page", run: (db) => listTickets(db, { queue: "cs_l1", status: "new" }, agent!.id) },
      { name: "queue: cs_l1, open, first page", run: (db) => listTickets(db, { queue: "cs_l1", status: "open" }, agent!.id) },
      { name: "queue: all statuses, newest first", run: (db) => listTickets(db, { status: "all", sort: "newest" }, agent!.id) },
      { name: "queue: mine (desk)", run: (db) => listTickets(db, { mine: true, status: "all", sort: "newest", limit: 20 }, agent!.id) },
      { name: "kb search: 退款 (zh-CN)", run: (db) => searchArticles(db, { q: "退款", locale: "zh-CN" }) },
      { name: "kb search: 支付成功 订单未更新 (zh-CN)", run: (db) => searchArticles(db, { q: "支付成功 订单未更新", locale: "zh-CN" }) },
      { name: "kb search: refund (en)", run: (db) => searchArticles(db, { q: "refund", locale: "en" }) },
    ];

    const results = [];
    for (const c of cases) results.push(await timeCase(db, c, REPS));
    printLatencyTable(results, TARGET_MS);
    console.log(`\nload average during the run: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`);
    finishLatencyRun("console", TARGET_MS, "case", results, { orders: ORDERS, tickets: TICKETS, reps: REPS });
  } finally {
    await handle.close();
    if (!KEEP) await dropDatabase(ADMIN_URL, DB_NAME);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
