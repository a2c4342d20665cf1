import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/route";
import { POST as createOrderRoute } from "@/app/api/v1/orders/route";
import { orders } from "@/db/schema";
import { settleInbox } from "@/server/callbacks/inbox-applier";
import { getEnv, resetEnvCache } from "@/server/env";
import { runStatusQuery } from "@/server/janitor/run-status-query";
import { sandboxAdapter } from "@/server/providers/sandbox";
import { ProviderQueryError } from "@/server/providers";
import { useTestDb } from "@/test/db";
import { TEST_ENV } from "@/test/test-env";
import { startSimulator } from "./run-simulator";
import { startSandboxQueryServer } from "./sandbox-query-server";

// The simulator against the portal's real route handlers and a real (PGlite) database, served over HTTP
// on loopback without Next itself: what the simulator sends must be what the portal accepts.
const getDb = useTestDb();
let portal: Server;
let portalUrl: string;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  portal = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : []));
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === "GET" ? undefined : body });
    const m = /^\/api\/callbacks\/([^/]+)$/.exec(req.url ?? "");
    const response =
      req.url === "/api/v1/orders" && req.method === "POST"
        ? await createOrderRoute(request)
        : m && req.method === "POST"
          ? await callbackRoute(request, { params: Promise.resolve({ provider: m[1]! }) })
          : new Response("not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => portal.listen(0, "127.0.0.1", r));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => portal.close(() => r())));

const fast = { payDelayMs: [20, 80] as const, callbackDelayMs: [20, 150] as const, retryBackoffMs: [50, 100, 200], progressEveryMs: 60_000, log: () => undefined };

describe("sandbox query server", () => {
  it("answers from the ledger, signed so the sandbox adapter trusts it", async () => {
    const ledger = new Map([["SIMX1", { orderNo: "SIMX1", transactionId: "SBX1", status: "SUCCESS" as const, amountMinor: 2590, currency: "CNY", paidAt: new Date("2026-09-15T02:30:05Z") }]]);
    const server = await startSandboxQueryServer({ secret: TEST_ENV.SANDBOX_WEBHOOK_SECRET!, port: 0, ledger });
    try {
      const env = { ...getEnv(), SANDBOX_API_BASE_URL: server.baseUrl };
      const ref = { orderNo: "SIMX1", providerTransactionId: null, amountMinor: 2590, currency: "CNY" };
      await expect(sandboxAdapter.query(ref, env)).resolves.toMatchObject({ found: true, notification: { state: "PAID", amountMinor: 2590, dedupeKey: "SBX1:PAID" } });
      await expect(sandboxAdapter.query({ ...ref, orderNo: "SIMX2" }, env)).resolves.toMatchObject({ found: false });
      await expect(sandboxAdapter.query(ref, { ...env, SANDBOX_WEBHOOK_SECRET: "another-secret-value" })).rejects.toThrow(ProviderQueryError);
    } finally {
      await server.close();
    }
  });
});

describe("simulator against the portal's routes", () => {
  it("duplicates: every order is created, every callback answered 2xx, orders end as charged", async () => {
    const handle = await startSimulator({
      ...fast,
      url: portalUrl,
      rate: 10,
      durationSec: 3, // long enough for ≥ 6 orders on a loaded 2-core CI box
      scenario: "duplicates",
      queryPort: 0,
      merchantApiKey: TEST_ENV.MERCHANT_API_KEY!,
      sandboxSecret: TEST_ENV.SANDBOX_WEBHOOK_SECRET!,
      seed: 7,
      drainSec: 20,
    });
    const { stats } = await handle.done;
    await handle.close();
    // Callbacks are acknowledged once stored and applied asynchronously: let the inbox drain.
    await settleInbox(getDb());
    expect(stats.ordersCreated).toBeGreaterThanOrEqual(6);
    expect(stats.ordersRejected + stats.orderErrors).toBe(0);
    expect(stats.callbacksPlanned).toBeGreaterThanOrEqual(2 * stats.ordersCreated);
    expect(stats.answered4xx).toBe(0);
    expect(stats.gaveUp + stats.abandonedAtStop).toBe(0);
    expect(stats.answered2xx).toBe(stats.callbacksPlanned);

    const rows = await getDb().select().from(orders);
    for (const [orderNo, p] of handle.ledger) {
      const row = rows.find((o) => o.orderNo === orderNo);
      expect(row, orderNo).toBeDefined();
      if (p.status === "SUCCESS") expect([row!.status, row!.providerTransactionId, row!.amountMinor]).toEqual(["PAID", p.transactionId, p.amountMinor]);
      if (p.status === "CLOSED") expect(row!.status).toBe("CLOSED");
      if (p.status === "FAILED") expect(row!.status).toBe("CREATED");
    }
  });

  it("missing-callbacks: what was never called back is found through the query API", async () => {
    const handle = await startSimulator({
      ...fast,
      url: portalUrl,
      rate: 20,
      durationSec: 3, // enough orders that the scenario withholds some, even on a loaded box
      scenario: "missing-callbacks",
      queryPort: 0,
      merchantApiKey: TEST_ENV.MERCHANT_API_KEY!,
      sandboxSecret: TEST_ENV.SANDBOX_WEBHOOK_SECRET!,
      seed: 11,
      drainSec: 20,
    });
    try {
      const { stats } = await handle.done;
      await settleInbox(getDb());
      expect(stats.withheld).toBeGreaterThan(0);
      process.env.SANDBOX_API_BASE_URL = handle.queryBaseUrl;
      resetEnvCache();
      const db = getDb();
      const stuck = (await db.select().from(orders)).filter((o) => o.status === "CREATED" && handle.ledger.get(o.orderNo)?.status === "SUCCESS");
      // Withheld callbacks of paid orders leave those orders CREATED; closed/failed ones withheld do not count.
      expect(stuck.length).toBeGreaterThan(0);
      expect(stuck.length).toBeLessThanOrEqual(stats.withheld);
      for (const order of stuck) {
        const r = await runStatusQuery(db, order);
        expect(r).toMatchObject({ kind: "applied", apply: { outcome: "applied" } });
      }
      const after = await db.select().from(orders);
      for (const [orderNo, p] of handle.ledger) {
        if (p.status === "SUCCESS") expect(after.find((o) => o.orderNo === orderNo)?.status).toBe("PAID");
      }
    } finally {
      await handle.close();
    }
  });
});
