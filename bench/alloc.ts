import { randomBytes } from "node:crypto";
import { Session } from "node:inspector/promises";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { createDatabase, dropDatabase, eventFor, insertOrders, type BenchOrder } from "./lib";
import { setupNaiveSchema } from "./naive-server";

// `npm run bench:alloc [-- --callbacks 2000 --top 12 --pg <admin url>]` (PostgreSQL needed)
//
// What one callback allocates on the JavaScript heap, in three parts, measured by V8's sampling heap
// profiler with collected objects included (so garbage counts, which is what the collector works for):
//   intake   receiveCallback: verify, store through the group commit, answer (32 at a time, as bench:callbacks)
//   apply    the inbox drained: claim, lock, transition, audit, jobs, payment records, outcomes
//   naive    the naive intake's statements (bench/naive-intake.ts), the yardstick
// without Next.js around them: Next's own request handling is the same for every route and is in
// bench:callbacks. Prints KB per callback, the ratio to the naive intake, and who allocates most (the
// first frame of our code on the stack). Garbage is what the web process's collector threads pay for.

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith("--") ? process.argv[i + 1]! : fallback;
}
const N = Number(arg("callbacks", "2000"));
const TOP = Number(arg("top", "12"));
const ADMIN_URL = arg("pg", "postgres://payops:payops@127.0.0.1:5432/postgres");
const APP_DB = "payops_bench_alloc_app";
const NAIVE_DB = "payops_bench_alloc_naive";
const CONCURRENCY = 32;
const WARMUP = 500;

const secret = randomBytes(24).toString("hex");
process.env.SANDBOX_WEBHOOK_SECRET = secret;
// The applier is driven here, phase by phase; logging at warn keeps the per-callback line out of the figures.
process.env.CALLBACK_APPLY_IN_PROCESS = "false";
process.env.LOG_LEVEL = "warn";

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children?: HeapNode[];
}

const root = `file://${process.cwd()}/`;
const isOurs = (url: string) => url.startsWith(root) && !url.includes("/node_modules/");
const where = (cf: HeapNode["callFrame"]) => `${cf.functionName || "(anonymous)"} ${cf.url.replace(root, "").replace(/^.*\/node_modules\//, "")}`;

/**
 * Bytes per place, the total, and who allocates: the three nearest frames of our code on the stack (so a
 * shared helper shows its caller), or the allocating frame when none of ours is on it.
 */
function allocations(head: HeapNode): { total: number; byWhere: Map<string, number> } {
  const byWhere = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, frames: string[]) => {
    const here = isOurs(node.callFrame.url) ? [where(node.callFrame), ...frames].slice(0, 3) : frames;
    if (node.selfSize) {
      total += node.selfSize;
      const key = here.length ? here.join(" ← ") : where(node.callFrame);
      byWhere.set(key, (byWhere.get(key) ?? 0) + node.selfSize);
    }
    for (const c of node.children ?? []) walk(c, here);
  };
  walk(head, []);
  return { total, byWhere };
}

async function main(): Promise<void> {
  const appUrl = await createDatabase(ADMIN_URL, APP_DB);
  const naiveUrl = await createDatabase(ADMIN_URL, NAIVE_DB);
  process.env.DATABASE_URL = appUrl;
  const { openDb } = await import("@/db/client");
  const { receiveCallback } = await import("@/server/callbacks/receive-callback");
  const { drainInbox } = await import("@/server/callbacks/inbox-applier");
  const { getProviderAdapter } = await import("@/server/providers");
  const { signSandboxPayload } = await import("@/server/providers/sandbox/sign");
  const { naiveIntake } = await import("./naive-intake");
  const { rowsOf } = await import("@/server/lib/sql");

  const handle = await openDb({ driver: "pg", url: appUrl, poolMax: 10 });
  await setupNaiveSchema(naiveUrl);
  const orders: BenchOrder[] = Array.from({ length: WARMUP + N }, (_, i) => ({ orderNo: `ALLOC${String(i).padStart(7, "0")}`, amountMinor: 100 + i, currency: "CNY" }));
  await insertOrders(appUrl, "app", orders);
  await insertOrders(naiveUrl, "naive", orders);
  const pool = new pg.Pool({ connectionString: naiveUrl, max: 10 });
  const adapter = getProviderAdapter("sandbox")!;
  const paidAt = new Date();
  // Signed up front, so signing is in no phase.
  const requests = (prefix: string) =>
    orders.map((o, i) => {
      const event = eventFor(o, prefix, i, paidAt);
      return { ...event, signature: signSandboxPayload(secret, event.body, Date.now() / 1000) };
    });
  const app = requests("a");
  const naive = requests("n");

  const inGroups = async <T>(list: T[], fn: (x: T) => Promise<unknown>) => {
    for (let i = 0; i < list.length; i += CONCURRENCY) await Promise.all(list.slice(i, i + CONCURRENCY).map(fn));
  };
  const intake = (list: typeof app) =>
    inGroups(list, (r) =>
      receiveCallback(handle.db, adapter, {
        headers: { "content-type": "application/json", "sandbox-signature": r.signature, "user-agent": "bench", host: "127.0.0.1" },
        body: r.body,
        remoteAddr: "127.0.0.1",
        requestId: randomBytes(8).toString("hex"),
        receivedAt: new Date(),
      }),
    );
  const naiveRun = (list: typeof naive) => inGroups(list, (r) => naiveIntake(pool, r.signature, r.body, secret));

  const session = new Session();
  session.connect();
  const measure = async (fn: () => Promise<unknown>) => {
    await session.post("HeapProfiler.startSampling", { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
    await fn();
    const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: HeapNode } };
    return allocations(profile.head);
  };

  try {
    // Warm-up: compile the paths before measuring them.
    await intake(app.slice(0, WARMUP));
    await drainInbox(handle.db);
    await naiveRun(naive.slice(0, WARMUP));

    const phases = {
      intake: await measure(() => intake(app.slice(WARMUP))),
      apply: await measure(() => drainInbox(handle.db)),
      naive: await measure(() => naiveRun(naive.slice(WARMUP))),
    };
    // Every phase did its work, or its figure means nothing.
    const paidSql = "select count(*)::int as n from orders where status = 'PAID'";
    const appPaid = rowsOf<{ n: number }>(await handle.db.execute(sql.raw(paidSql)))[0]!.n;
    const naivePaid = (await pool.query<{ n: number }>(paidSql)).rows[0]!.n;
    const kb = (bytes: number) => (bytes / 1024 / N).toFixed(1);
    console.log(`bench:alloc: ${N} callbacks per phase, ${CONCURRENCY} at a time, node ${process.version}\n`);
    console.log("| phase | KB allocated per callback |\n| --- | ---: |");
    for (const [name, p] of Object.entries(phases)) console.log(`| ${name} | ${kb(p.total)} |`);
    const payops = phases.intake.total + phases.apply.total;
    console.log(`\nPayOps (intake + apply) / naive intake: ${(payops / phases.naive.total).toFixed(2)}× the bytes per callback`);
    for (const [name, p] of Object.entries(phases)) {
      console.log(`\n${name}: who allocates (KB per callback)`);
      for (const [w, bytes] of [...p.byWhere].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${kb(bytes).padStart(6)}  ${w}`);
    }
    const results = path.resolve("bench", "results");
    mkdirSync(results, { recursive: true });
    const file = path.join(results, `alloc-${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}.json`);
    writeFileSync(file, JSON.stringify({ callbacks: N, kbPerCallback: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, Number(kb(p.total))])), appPaid, naivePaid }, null, 2));
    const ok = appPaid === orders.length && naivePaid === orders.length;
    console.log(`\norders paid: PayOps ${appPaid}/${orders.length}, naive ${naivePaid}/${orders.length} → ${ok ? "OK" : "WRONG"}`);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    if (!ok) process.exitCode = 1;
  } finally {
    session.disconnect();
    await pool.end();
    await handle.close();
    await dropDatabase(ADMIN_URL, APP_DB);
    await dropDatabase(ADMIN_URL, NAIVE_DB);
  }
}

await main();
