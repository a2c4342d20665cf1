import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";

// Shared pieces of the callback benchmark: databases, the signed load, and the numbers.

/** `--name value` from the command line, or the fallback. */
export function cliArg(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export interface BenchOrder {
  orderNo: string;
  amountMinor: number;
  currency: string;
}

export interface CallbackEvent {
  body: string;
  orderNo: string;
  eventId: string;
}

/** One SUCCESS notification per order, in the sandbox provider's format. */
export function eventFor(order: BenchOrder, runId: string, i: number, paidAt: Date): CallbackEvent {
  const eventId = `evt_${runId}_${i}`;
  const body = JSON.stringify({
    eventId,
    orderNo: order.orderNo,
    transactionId: `txn_${runId}_${i}`,
    amountMinor: order.amountMinor,
    currency: order.currency,
    status: "SUCCESS",
    paidAt: paidAt.toISOString(),
  });
  return { body, orderNo: order.orderNo, eventId };
}

/**
 * The request list: every event once, plus `dupRate` of them again (the same bytes, as providers resend),
 * shuffled with a seeded PRNG so both targets get the identical sequence.
 */
export function withDuplicates(events: CallbackEvent[], dupRate: number, seed = 42): CallbackEvent[] {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const dups = events.filter(() => rand() < dupRate);
  const all = [...events, ...dups];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

export interface LoadResult {
  sent: number;
  planned: number;
  elapsedMs: number;
  latenciesMs: number[];
  statuses: Record<string, number>;
  networkErrors: number;
  firstErrors: string[];
}

/** `concurrency` keep-alive connections, to reuse across runLoad calls (the caller destroys it). */
export function keepAliveAgent(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

/** How long runLoad waits for one answer (the slowest round's p99 so far is under 2 s). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Sends the requests over `concurrency` keep-alive connections; stops issuing new ones after `maxMs`.
 * `agent`: connections already open (kept for the caller); otherwise new ones, closed at the end.
 */
export async function runLoad(opts: {
  url: string;
  requests: CallbackEvent[];
  sign: (body: string) => string;
  concurrency: number;
  maxMs: number;
  agent?: http.Agent;
}): Promise<LoadResult> {
  const target = new URL(opts.url);
  if (target.hostname !== "127.0.0.1" && target.hostname !== "localhost") throw new Error("the benchmark only targets loopback");
  const agent = opts.agent ?? keepAliveAgent(opts.concurrency);
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const firstErrors: string[] = [];
  let networkErrors = 0;
  let next = 0;
  const started = performance.now();

  const send = (ev: CallbackEvent) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(ev.body),
            "sandbox-signature": opts.sign(ev.body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            latenciesMs.push(performance.now() - t0);
            const code = String(res.statusCode);
            statuses[code] = (statuses[code] ?? 0) + 1;
            if ((res.statusCode ?? 0) >= 500 && firstErrors.length < 5) firstErrors.push(`${code} ${Buffer.concat(chunks).toString().slice(0, 200)}`);
            resolve();
          });
        },
      );
      // A request the server never answers must not hang the run: it becomes a network error, which the
      // run reports as a problem.
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on("error", (e) => {
        networkErrors++;
        if (firstErrors.length < 5) firstErrors.push(e.message);
        resolve();
      });
      req.end(ev.body);
    });

  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.requests.length && performance.now() - started < opts.maxMs) {
        await send(opts.requests[next++]!);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  if (!opts.agent) agent.destroy();
  return { sent: latenciesMs.length + networkErrors, planned: opts.requests.length, elapsedMs, latenciesMs, statuses, networkErrors, firstErrors };
}

/** The median: the middle value, or the mean of the two middle ones for an even count. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(sortedAsc: number[], p: number): number {
  if (sortedAsc.length === 0) return Number.NaN;
  const i = Math.min(sortedAsc.length - 1, Math.max(0, Math.ceil((p / 100) * sortedAsc.length) - 1));
  return sortedAsc[i]!;
}

export interface Summary {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  fiveXx: number;
  networkErrors: number;
}

export function summarize(name: string, r: LoadResult): Summary {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const fiveXx = Object.entries(r.statuses)
    .filter(([code]) => code.startsWith("5"))
    .reduce((n, [, c]) => n + c, 0);
  return {
    name,
    requests: r.sent,
    perSecond: r.sent / (r.elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    statuses: r.statuses,
    fiveXx,
    networkErrors: r.networkErrors,
  };
}

/** Polls until `url` answers at all (any status), or fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive()) throw new Error(`server for ${url} exited`);
    let timer: NodeJS.Timeout | undefined;
    try {
      // Our own (ref'd) timer as well as the fetch's abort signal: one run waited here for 17 minutes with
      // both servers up (…184811), the attempt never settling.
      const attempt = fetch(url, { signal: AbortSignal.timeout(2000) }).then((res) => res.arrayBuffer());
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("no answer")), 3000)));
      await Promise.race([attempt, late]);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not come up within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * `next build` of the portal into `distDir` for a benchmark (own tsconfig, production secrets given), unless
 * `skip` and a build is already there.
 */
export function buildForBench(distDir: string, secrets: Record<string, string>, skip: boolean): void {
  if (skip && existsSync(path.join(distDir, "BUILD_ID"))) {
    console.log(`[build] --skip-build: using ${distDir}`);
    return;
  }
  console.log(`[build] next build → ${distDir}`);
  const t0 = Date.now();
  const r = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], {
    stdio: "inherit",
    env: { ...process.env, ...secrets, NODE_ENV: "production", NEXT_DIST_DIR: distDir, NEXT_TSCONFIG: "tsconfig.bench.json", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  console.log(`[build] done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

/**
 * The end of a latency bench: says which cases missed the p95 target, writes the results to
 * bench/results/<kind>-<UTC time>.json and sets the exit code (non-zero when a case missed).
 */
/** Prints the timed cases as a table, each p95 against the first case's (the baseline); " !" marks a miss. */
export function printLatencyTable(results: { name: string; p50: number; p95: number; max: number }[], targetMs: number): void {
  const base = results[0]!.p95;
  const w = Math.max(...results.map((r) => r.name.length));
  console.log(`\n${"case".padEnd(w)}   p50 ms   p95 ms   max ms  p95/base`);
  for (const r of results) {
    const flag = r.p95 > targetMs ? " !" : "";
    console.log(`${r.name.padEnd(w)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${r.max.toFixed(2).padStart(8)} ${(r.p95 / base).toFixed(1).padStart(8)}×${flag}`);
  }
}

export function finishLatencyRun(kind: string, targetMs: number, noun: string, results: { p95: number }[], payload: Record<string, unknown>): void {
  const over = results.filter((r) => r.p95 > targetMs);
  console.log(over.length === 0 ? `\nevery ${noun} ≤ ${targetMs} ms p95` : `\n${over.length} case(s) over ${targetMs} ms p95`);
  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${kind}-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}.json`);
  writeFileSync(file, JSON.stringify({ ...payload, results }, null, 2));
  console.log(`[done] ${path.relative(process.cwd(), file)}`);
  process.exitCode = over.length === 0 ? 0 : 1;
}

/** p50/p95/max of `reps` timed runs of one case, after three warm-up runs (caches and plans). */
export async function timeCase<D>(db: D, c: { name: string; run: (db: D) => Promise<unknown> }, reps: number): Promise<{ name: string; p50: number; p95: number; max: number }> {
  for (let i = 0; i < 3; i++) await c.run(db);
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await c.run(db);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { name: c.name, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1]! };
}

/** Clock ticks per second of /proc's CPU times. */
export const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim() || 100);

/** A process's (or thread's) /proc stat: parent, its own CPU and its reaped children's, in ms; null once gone. */
export function procStat(statPath: string): { comm: string; ppid: number; userMs: number; systemMs: number; childrenMs: number } | null {
  try {
    const text = readFileSync(statPath, "utf8");
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ms = (ticks: string | undefined) => (Number(ticks) * 1000) / CLK_TCK;
    return { comm: text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")), ppid: Number(f[1]), userMs: ms(f[11]), systemMs: ms(f[12]), childrenMs: ms(f[13]) + ms(f[14]) };
  } catch {
    return null; // exited meanwhile
  }
}

/**
 * Time a thread spent runnable but waiting for a CPU (the second field of /proc/…/schedstat, in ns), in ms:
 * on a machine short of cores, the share of a thread's wall time that other threads and processes took from it.
 */
export function runQueueWaitMs(schedstatPath: string): number {
  try {
    return Number(readFileSync(schedstatPath, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return 0; // exited meanwhile, or a kernel without schedstats
  }
}

/** Every process's stat, by pid. */
export function allProcStats(): Map<number, NonNullable<ReturnType<typeof procStat>>> {
  const out = new Map<number, NonNullable<ReturnType<typeof procStat>>>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(`/proc/${name}/stat`);
    if (s) out.set(Number(name), s);
  }
  return out;
}

/**
 * CPU of the local PostgreSQL server in ms: every `postgres` process, plus what the postmaster's exited
 * children used, so a backend that ends mid-measure still counts.
 */
export function cpuMsOfPostgres(): number {
  let ms = 0;
  for (const s of allProcStats().values()) if (s.comm === "postgres") ms += s.userMs + s.systemMs + s.childrenMs;
  return ms;
}

/** Orders waiting for payment: PayOps' table ("app", sandbox orders of a bench user) or the naive schema's. */
export async function insertOrders(url: string, table: "app" | "naive", list: BenchOrder[]): Promise<void> {
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
