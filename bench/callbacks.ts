import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import pg from "pg";
import { signSandboxPayload } from "@/server/providers/sandbox/sign";
import { createDatabase, dropDatabase, eventFor, runLoad, summarize, waitForHttp, withDuplicates, type BenchOrder, type Summary } from "./lib";
import { setupNaiveSchema } from "./naive-server";

// `npm run bench:callbacks [-- --orders 3000 --concurrency 32 --seconds 120 --dup 0.1 --skip-build --keep-db --cpu-prof --pg <admin url>]`
//
// Signed sandbox callbacks against (1) the production build of PayOps (`next build` into .next-bench,
// `next start -p 3200`) and (2) bench/naive-server.ts, each on its own fresh PostgreSQL database, same
// requests (10% resent duplicates, shuffled identically), 32 keep-alive connections, loopback only.
// Then checks every unique event was applied exactly once and nothing answered 5xx. Results: stdout and
// bench/results/ (not committed); write-up: docs/PERFORMANCE.md.

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith("--") ? process.argv[i + 1]! : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const ORDERS = Number(arg("orders", "3000"));
const WARMUP = Math.min(300, ORDERS);
const CONCURRENCY = Number(arg("concurrency", "32"));
const MAX_MS = Number(arg("seconds", "120")) * 1000;
const DUP_RATE = Number(arg("dup", "0.1"));
const ADMIN_URL = arg("pg", "postgres://payops:payops@127.0.0.1:5432/postgres");
const APP_PORT = Number(arg("port", "3200"));
const NAIVE_PORT = APP_PORT + 1;
const DIST_DIR = ".next-bench";
const RESULTS_DIR = path.resolve("bench", "results");
const APP_DB = "payops_bench_app";
const NAIVE_DB = "payops_bench_naive";
const POOL_MAX = 10;

const runId = new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15);
const secret = randomBytes(24).toString("hex");
// Production refuses demo secrets; these live for one run.
const prodSecrets = {
  NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
  MERCHANT_API_KEY: randomBytes(16).toString("hex"),
  CRON_SECRET: randomBytes(16).toString("hex"),
  SANDBOX_WEBHOOK_SECRET: secret,
  FULFILMENT_WEBHOOK_SECRET: randomBytes(16).toString("hex"),
};

const children = new Set<ChildProcess>();
const cleanup = () => {
  for (const c of children) c.kill("SIGKILL");
};
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});

function orderList(prefix: string, n: number): BenchOrder[] {
  // Amounts vary so a mix-up between orders would show as discrepancies instead of payments.
  return Array.from({ length: n }, (_, i) => ({ orderNo: `${prefix}${runId}${String(i).padStart(6, "0")}`, amountMinor: 100 + ((i * 7919) % 99_900), currency: "CNY" }));
}

const benchOrders = orderList("BENCH", ORDERS);
const warmOrders = orderList("WARM", WARMUP);
const paidAt = new Date();
const uniqueEvents = benchOrders.map((o, i) => eventFor(o, runId, i, paidAt));
const requests = withDuplicates(uniqueEvents, DUP_RATE);
const warmRequests = warmOrders.map((o, i) => eventFor(o, `${runId}w`, i, paidAt));
const sign = (body: string) => signSandboxPayload(secret, body, Date.now() / 1000);

async function insertOrders(url: string, table: "app" | "naive", list: BenchOrder[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 0; i < list.length; i += 1000) {
      const chunk = list.slice(i, i + 1000);
      const params: unknown[] = [];
      const rows = chunk.map((o, j) => {
        params.push(o.orderNo, o.amountMinor, o.currency);
        return `($${j * 3 + 1}, $${j * 3 + 2}, $${j * 3 + 3}${table === "app" ? ", 'bench-user', 'sandbox'" : ""})`;
      });
      const cols = table === "app" ? "(order_no, amount_minor, currency, user_id, provider)" : "(order_no, amount_minor, currency)";
      await c.query(`INSERT INTO orders ${cols} VALUES ${rows.join(",")}`, params);
    }
  } finally {
    await c.end();
  }
}

async function count(url: string, text: string, params: unknown[] = []): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(text, params);
    return Number(r.rows[0]!.n);
  } finally {
    await c.end();
  }
}

function startChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, `${name}-${runId}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(cmd, args, { env, stdio: ["ignore", fd, fd] });
  children.add(child);
  child.on("exit", () => children.delete(child));
  console.log(`  ${name}: pid ${child.pid}, log ${path.relative(process.cwd(), logFile)}`);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Verification {
  ok: boolean;
  lines: string[];
}

function verifyCommon(s: Summary, sentUnique: number): string[] {
  const problems: string[] = [];
  if (s.fiveXx > 0) problems.push(`${s.fiveXx} responses were 5xx`);
  if (s.networkErrors > 0) problems.push(`${s.networkErrors} network errors`);
  const non2xx = Object.entries(s.statuses).filter(([code]) => !code.startsWith("2"));
  if (non2xx.length) problems.push(`non-2xx answers: ${JSON.stringify(Object.fromEntries(non2xx))}`);
  if (sentUnique === 0) problems.push("no requests were sent");
  return problems;
}

async function benchApp(): Promise<{ summary: Summary; verification: Verification; floor: Summary }> {
  console.log(`\n[payops] fresh database ${APP_DB}, migrate, ${ORDERS + WARMUP} orders`);
  const url = await createDatabase(ADMIN_URL, APP_DB);
  const { openDb } = await import("@/db/client");
  const handle = await openDb({ driver: "pg", url, poolMax: 1 }); // migrates
  await handle.close();
  await insertOrders(url, "app", [...warmOrders, ...benchOrders]);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...prodSecrets,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    DATABASE_URL: url,
    DATABASE_DRIVER: "pg",
    DATABASE_POOL_MAX: String(POOL_MAX),
    APP_URL: `http://127.0.0.1:${APP_PORT}`,
    NEXTAUTH_URL: `http://127.0.0.1:${APP_PORT}`,
    // Only callbacks are measured; the fulfilment jobs they enqueue stay in the table.
    WORKER_IN_PROCESS: "false",
    LOG_LEVEL: "info",
  };
  // --cpu-prof: V8 profile of the Next.js server, written to bench/results/ when it stops.
  const profile = flag("cpu-prof") ? ["--cpu-prof", `--cpu-prof-dir=${RESULTS_DIR}`] : [];
  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  const server = startChild("next", process.execPath, [...profile, nextBin, "start", "-p", String(APP_PORT), "-H", "127.0.0.1"], env);
  try {
    await waitForHttp(`http://127.0.0.1:${APP_PORT}/api/health`, 60_000, () => server.exitCode === null);
    const target = `http://127.0.0.1:${APP_PORT}/api/callbacks/sandbox`;
    console.log(`[payops] warm-up: ${warmRequests.length} callbacks`);
    await runLoad({ url: target, requests: warmRequests, sign, concurrency: CONCURRENCY, maxMs: MAX_MS });
    console.log(`[payops] load: ${requests.length} callbacks (${uniqueEvents.length} unique), ${CONCURRENCY} connections`);
    const result = await runLoad({ url: target, requests, sign, concurrency: CONCURRENCY, maxMs: MAX_MS });
    const summary = summarize("PayOps (next start)", result);
    // The framework floor: the same requests to an unknown provider, answered 404 by the route before any
    // database work. What Next.js routing and body handling cost on this machine, for reading the ratio.
    const floor = summarize("Next.js route floor (404, no DB)", await runLoad({ url: `http://127.0.0.1:${APP_PORT}/api/callbacks/none`, requests, sign, concurrency: CONCURRENCY, maxMs: MAX_MS }));
    const sentUnique = new Set(requests.slice(0, result.sent).map((r) => r.eventId)).size;
    const sentOrders = new Set(requests.slice(0, result.sent).map((r) => r.orderNo)).size;
    const paid = await count(url, "SELECT count(*) AS n FROM orders WHERE order_no LIKE 'BENCH%' AND status IN ('PAID', 'FULFILLED')");
    const events = await count(url, "SELECT count(*) AS n FROM payment_events WHERE order_no LIKE 'BENCH%'");
    const raw = await count(url, "SELECT count(*) AS n FROM callback_events WHERE body LIKE '%\"orderNo\":\"BENCH%'");
    const applied = await count(url, "SELECT count(*) AS n FROM callback_events WHERE order_no LIKE 'BENCH%' AND outcome = 'applied'");
    const problems = verifyCommon(summary, sentUnique);
    if (paid !== sentOrders) problems.push(`orders PAID ${paid} ≠ unique orders ${sentOrders}`);
    if (events !== sentUnique) problems.push(`payment_events ${events} ≠ unique events ${sentUnique}`);
    if (applied !== sentUnique) problems.push(`callbacks applied ${applied} ≠ unique events ${sentUnique}`);
    if (raw !== result.sent) problems.push(`raw callback rows ${raw} ≠ requests ${result.sent}`);
    return {
      summary,
      floor,
      verification: {
        ok: problems.length === 0,
        lines: [`orders PAID ${paid}/${sentOrders}, payment_events ${events}/${sentUnique}, applied ${applied}, raw callbacks stored ${raw}/${result.sent}`, ...problems],
      },
    };
  } finally {
    await stopChild(server);
  }
}

async function benchNaive(): Promise<{ summary: Summary; verification: Verification }> {
  console.log(`\n[naive] fresh database ${NAIVE_DB}, ${ORDERS + WARMUP} orders`);
  const url = await createDatabase(ADMIN_URL, NAIVE_DB);
  await setupNaiveSchema(url);
  await insertOrders(url, "naive", [...warmOrders, ...benchOrders]);
  const server = startChild("naive", process.execPath, ["--import", "tsx", path.join("bench", "naive-server.ts"), String(NAIVE_PORT), url, secret, String(POOL_MAX)], process.env);
  try {
    await waitForHttp(`http://127.0.0.1:${NAIVE_PORT}/health`, 30_000, () => server.exitCode === null);
    const target = `http://127.0.0.1:${NAIVE_PORT}/callbacks/sandbox`;
    await runLoad({ url: target, requests: warmRequests, sign, concurrency: CONCURRENCY, maxMs: MAX_MS });
    console.log(`[naive] load: ${requests.length} callbacks`);
    const result = await runLoad({ url: target, requests, sign, concurrency: CONCURRENCY, maxMs: MAX_MS });
    const summary = summarize("naive http + pg", result);
    const sentUnique = new Set(requests.slice(0, result.sent).map((r) => r.eventId)).size;
    const sentOrders = new Set(requests.slice(0, result.sent).map((r) => r.orderNo)).size;
    const paid = await count(url, "SELECT count(*) AS n FROM orders WHERE order_no LIKE 'BENCH%' AND status = 'PAID'");
    const events = await count(url, "SELECT count(*) AS n FROM payment_events WHERE order_no LIKE 'BENCH%'");
    const problems = verifyCommon(summary, sentUnique);
    if (paid !== sentOrders) problems.push(`orders PAID ${paid} ≠ unique orders ${sentOrders}`);
    if (events !== sentUnique) problems.push(`payment_events ${events} ≠ unique events ${sentUnique}`);
    return { summary, verification: { ok: problems.length === 0, lines: [`orders PAID ${paid}/${sentOrders}, payment_events ${events}/${sentUnique}`, ...problems] } };
  } finally {
    await stopChild(server);
  }
}

function build(): void {
  if (flag("skip-build") && existsSync(path.join(DIST_DIR, "BUILD_ID"))) {
    console.log(`[build] --skip-build: using ${DIST_DIR}`);
    return;
  }
  console.log(`[build] next build → ${DIST_DIR}`);
  const t0 = Date.now();
  const r = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], {
    stdio: "inherit",
    env: { ...process.env, ...prodSecrets, NODE_ENV: "production", NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  console.log(`[build] done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

async function main() {
  console.log(
    `bench:callbacks run ${runId}: ${ORDERS} orders, ${Math.round(DUP_RATE * 100)}% duplicates → ${requests.length} callbacks, ` +
      `${CONCURRENCY} connections, ≤ ${MAX_MS / 1000} s per target, pool ${POOL_MAX}`,
  );
  console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    try {
      await c.connect();
      return (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    } catch (e) {
      throw new Error(`PostgreSQL not reachable for the benchmark (--pg): ${(e as Error).message}`);
    } finally {
      await c.end().catch(() => {});
    }
  })();
  console.log(`postgresql ${pgVersion}`);

  build();
  const app = await benchApp();
  const naive = await benchNaive();

  const ratio = app.summary.perSecond / naive.summary.perSecond;
  const rows = [app.summary, naive.summary, app.floor].map((s) => `| ${s.name} | ${s.requests} | ${fmt(s.perSecond, 0)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${JSON.stringify(s.statuses)} |`);
  console.log("\n| target | requests | callbacks/s | p50 ms | p99 ms | max ms | statuses |\n| --- | --- | --- | --- | --- | --- | --- |");
  console.log(rows.join("\n"));
  console.log(`\nratio (PayOps / naive throughput): ${fmt(ratio, 2)}`);
  console.log(`verify PayOps: ${app.verification.lines.join("; ")} → ${app.verification.ok ? "OK" : "FAILED"}`);
  console.log(`verify naive:  ${naive.verification.lines.join("; ")} → ${naive.verification.ok ? "OK" : "FAILED"}`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `callbacks-${runId}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { runId, orders: ORDERS, duplicates: requests.length - uniqueEvents.length, concurrency: CONCURRENCY, pg: pgVersion, cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, app, naive, ratio },
      null,
      2,
    ),
  );
  console.log(`results: ${path.relative(process.cwd(), file)}`);
  if (!flag("keep-db")) {
    await dropDatabase(ADMIN_URL, APP_DB);
    await dropDatabase(ADMIN_URL, NAIVE_DB);
  }
  if (!app.verification.ok || !naive.verification.ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`bench:callbacks failed: ${(e as Error).message}`);
  cleanup();
  process.exit(1);
});
