import { randomBytes } from "node:crypto";
import type { SandboxPayment } from "@/server/providers/sandbox/sign-answer";
import { deliverCallback, type DeliveryContext } from "./deliver-callback";
import { fakeOrder } from "./fake-orders";
import { between, intBetween, seededRandom } from "./random";
import { startSandboxQueryServer } from "./sandbox-query-server";
import { planFor, type Scenario } from "./scenarios";
import { emptyStats, formatProgress, formatSummary, type SimulatorStats } from "./stats";

export interface SimulatorOptions {
  /** The portal, e.g. http://localhost:3000. Orders and callbacks go here and nowhere else. */
  url: string;
  /** Orders per second (fractional allowed: 0.3 = one every ~3.3 s). */
  rate: number;
  durationSec: number;
  scenario: Scenario;
  /** Port of the sandbox query API on 127.0.0.1; 0 = any free port. */
  queryPort: number;
  merchantApiKey: string;
  sandboxSecret: string;
  /** After the run, how long to keep delivering callbacks already due (slow-callbacks needs ~190 s). */
  drainSec?: number;
  seed?: number;
  log?: (line: string) => void;
  progressEveryMs?: number;
  /** Test knobs; default to the scenario's values. */
  payDelayMs?: readonly [number, number];
  callbackDelayMs?: readonly [number, number];
  retryBackoffMs?: readonly number[];
  /** Statement files the sandbox serves as given for their day (the demo's seeded yesterday); other days come from the ledger. */
  statements?: Map<string, Buffer>;
}

export interface SimulatorSummary {
  scenario: Scenario;
  elapsedMs: number;
  stats: SimulatorStats;
  text: string;
}

export interface SimulatorHandle {
  queryBaseUrl: string;
  /** What the sandbox provider "charged", by order number. */
  ledger: ReadonlyMap<string, SandboxPayment>;
  /** Statement files served as given by `GET /statements/:date` (add the demo's seeded day here). */
  statements: Map<string, Buffer>;
  /** Resolves when orders are done and pending callbacks drained (or the run was stopped). */
  done: Promise<SimulatorSummary>;
  /** Stops creating and sending now (SIGINT). */
  stop(): void;
  /** Closes the query API; call after `done` once the portal no longer needs to ask. */
  close(): Promise<void>;
}

const OUTCOMES = [
  { status: "SUCCESS", upTo: 0.92 },
  { status: "CLOSED", upTo: 0.97 },
  { status: "FAILED", upTo: 1 },
] as const;

export async function startSimulator(opts: SimulatorOptions): Promise<SimulatorHandle> {
  if (!(opts.rate > 0) || !(opts.durationSec > 0)) throw new Error("rate and duration must be positive");
  const random = seededRandom(opts.seed ?? randomBytes(4).readUInt32LE(0));
  const log = opts.log ?? ((line: string) => console.log(line));
  const plan = planFor(opts.scenario);
  const payDelay = opts.payDelayMs ?? [1_000, 4_000];
  const callbackDelay = opts.callbackDelayMs ?? plan.callbackDelayMs;
  const drainMs = (opts.drainSec ?? (opts.scenario === "slow-callbacks" ? 200 : 30)) * 1000;
  const base = opts.url.replace(/\/+$/, "");
  const ledger = new Map<string, SandboxPayment>();
  const stats = emptyStats();
  const stopper = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;

  const statements = opts.statements ?? new Map<string, Buffer>();
  const server = await startSandboxQueryServer({ secret: opts.sandboxSecret, port: opts.queryPort, ledger, statements });
  const runId = `${Date.now().toString(36).toUpperCase().slice(-5)}${randomBytes(2).toString("hex").toUpperCase()}`;
  const startedAt = Date.now();
  const durationMs = opts.durationSec * 1000;

  const later = (ms: number, fn: () => void) => {
    if (stopper.signal.aborted) return;
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, Math.max(0, ms));
    timers.add(t);
  };
  const track = async <T>(p: Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await p;
    } finally {
      inFlight--;
    }
  };
  const pending = () => timers.size + inFlight;
  const delivery: DeliveryContext = {
    callbackUrl: `${base}/api/callbacks/sandbox`,
    secret: opts.sandboxSecret,
    stats,
    stopSignal: stopper.signal,
    backoffMs: opts.retryBackoffMs ?? [1_000, 2_000, 4_000, 8_000],
    random,
    later,
    track,
  };

  function scheduleCallback(body: string, atMs: number) {
    stats.callbacksPlanned++;
    const fraction = (atMs - startedAt) / durationMs;
    if (plan.outageWindow && fraction >= plan.outageWindow[0] && fraction < plan.outageWindow[1]) {
      // The provider's notifier is down: nothing arrives, only the query API can tell the portal.
      stats.suppressedByOutage++;
      return;
    }
    later(atMs - Date.now(), () => deliverCallback(delivery, body));
  }

  function pay(orderNo: string, seq: number, amountMinor: number) {
    const r = random();
    const status = OUTCOMES.find((o) => r < o.upTo)!.status;
    let charged = amountMinor;
    if (status === "SUCCESS" && random() < plan.amountMismatchRate) {
      const delta = intBetween(random, 1, 50) * 10;
      charged = amountMinor - delta > 0 && random() < 0.5 ? amountMinor - delta : amountMinor + delta;
      stats.amountMismatches++;
    }
    if (status === "SUCCESS") stats.paid++;
    else if (status === "CLOSED") stats.closed++;
    else stats.failed++;
    const paidAt = new Date();
    const transactionId = `SBX${paidAt.toISOString().slice(0, 10).replace(/-/g, "")}${runId}${String(seq).padStart(6, "0")}`;
    ledger.set(orderNo, { orderNo, transactionId, status, amountMinor: charged, currency: "CNY", paidAt });
    const body = JSON.stringify({ eventId: `sbx_evt_${runId}_${seq}`, orderNo, transactionId, amountMinor: charged, currency: "CNY", status, paidAt: paidAt.toISOString() });

    if (random() < plan.missingCallbackRate) {
      stats.withheld++;
      return;
    }
    const first = Date.now() + between(random, callbackDelay[0], callbackDelay[1]);
    scheduleCallback(body, first);
    const copies = intBetween(random, plan.copies[0], plan.copies[1]);
    for (let i = 1; i < copies; i++) {
      // Some duplicates race the first delivery, others come as resends a little later.
      scheduleCallback(body, random() < 0.4 ? first : first + between(random, 300, 3_000));
    }
  }

  async function createOrder(seq: number) {
    const order = fakeOrder(random, runId, seq, new Date());
    try {
      const res = await fetch(`${base}/api/v1/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.merchantApiKey}` },
        body: JSON.stringify(order),
        signal: AbortSignal.any([stopper.signal, AbortSignal.timeout(15_000)]),
      });
      const text = await res.text();
      if (!res.ok) {
        if (res.status < 500) stats.ordersRejected++;
        else stats.orderErrors++;
        if (stats.ordersRejected + stats.orderErrors <= 3) log(`simulate: order ${order.orderNo} refused: HTTP ${res.status} ${text.slice(0, 200)}`);
        return;
      }
    } catch (e) {
      if (stopper.signal.aborted) return;
      stats.orderErrors++;
      if (stats.orderErrors <= 3) log(`simulate: order ${order.orderNo} failed: ${(e as Error).message}`);
      return;
    }
    stats.ordersCreated++;
    ledger.set(order.orderNo, { orderNo: order.orderNo, transactionId: null, status: "PENDING", amountMinor: order.amountMinor, currency: "CNY", paidAt: null });
    later(between(random, payDelay[0], payDelay[1]), () => pay(order.orderNo, seq, order.amountMinor));
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const onAbort = () => resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        stopper.signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      timers.add(t);
      stopper.signal.addEventListener("abort", onAbort, { once: true });
    });

  const progress = setInterval(() => log(formatProgress(stats, Date.now() - startedAt, pending())), opts.progressEveryMs ?? 10_000);

  const done = (async (): Promise<SimulatorSummary> => {
    const meanGap = 1000 / opts.rate;
    let seq = 0;
    while (!stopper.signal.aborted && Date.now() - startedAt < durationMs) {
      void track(createOrder(++seq));
      await sleep(meanGap * (0.7 + 0.6 * random()));
    }
    const drainUntil = Date.now() + drainMs;
    if (!stopper.signal.aborted && pending() > 0) log(`simulate: order creation over; draining ${pending()} pending deliveries (up to ${Math.round(drainMs / 1000)}s, Ctrl-C stops)`);
    while (!stopper.signal.aborted && pending() > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
    stats.abandonedAtStop = timers.size;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    clearInterval(progress);
    const elapsedMs = Date.now() - startedAt;
    return { scenario: opts.scenario, elapsedMs, stats, text: formatSummary(stats, opts.scenario, elapsedMs) };
  })();

  return {
    queryBaseUrl: server.baseUrl,
    ledger,
    statements,
    done,
    stop: () => stopper.abort(),
    close: () => server.close(),
  };
}
