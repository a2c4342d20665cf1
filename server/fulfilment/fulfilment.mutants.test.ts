import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLogs, jobAttempts, jobs, orders, type Order } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { enqueue } from "@/server/jobs/enqueue";
import { runTick } from "@/server/jobs/run-jobs";
import type { JobDefinition } from "@/server/jobs/types";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { TEST_ENV } from "@/test/test-env";
import { enqueueFulfilment, enqueueFulfilments } from "./enqueue-fulfilment";
import { createFulfilmentJob, fulfilmentBody, fulfilmentJob, fulfilmentUrl } from "./fulfilment-job";
import { signWebhook, verifyWebhookSignature } from "./sign-webhook";

// What fulfilment-job.test.ts (the webhook's outcomes end to end) leaves open, found by mutation testing
// (issue #6): the request itself, what each attempt records, the refusals before any request, the
// dead-letter hook's wording and its "only a PAID order" rule, the enqueue verbs and the signature window.

const db = useTestDb();
const saved = { url: process.env.FULFILMENT_WEBHOOK_URL, timeout: process.env.FULFILMENT_TIMEOUT };
afterEach(() => {
  for (const [k, v] of [["FULFILMENT_WEBHOOK_URL", saved.url], ["FULFILMENT_TIMEOUT", saved.timeout]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
});

interface Seen {
  method?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A shop endpoint: records each request, answers with `answer(n)`; `hang` never answers. */
async function startShop(answer: (n: number) => { status: number; body?: string } | "hang") {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, headers: req.headers, body });
      const a = answer(seen.length);
      if (a === "hang") return;
      res.writeHead(a.status, { "content-type": "text/plain" });
      res.end(a.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fulfil`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function orderIn(status: Order["status"], over: Partial<typeof orders.$inferInsert> = {}): Promise<Order> {
  const [o] = await db()
    .insert(orders)
    .values({
      orderNo: uniqueOrderNo("FM"),
      userId: "u",
      amountMinor: 2990,
      currency: "CNY",
      provider: "sandbox",
      status,
      providerTransactionId: status === "CREATED" ? null : "TX-FM",
      paidAt: status === "CREATED" ? null : new Date("2026-11-20T08:00:00.000Z"),
      ...over,
    })
    .returning();
  return o!;
}

/** Runs the order's fulfilment job, fast-forwarding retries, until it is settled. */
async function fulfil(orderNo: string, url?: string) {
  const def = createFulfilmentJob(url === undefined ? {} : { url });
  const registry = new Map<string, JobDefinition<never>>([[def.type, def as JobDefinition<never>]]);
  const key = `fulfil:${orderNo}`;
  // jobs.order_no references orders: a job for an order that does not exist carries the number in its payload only.
  const exists = (await db().select({ id: orders.id }).from(orders).where(eq(orders.orderNo, orderNo))).length > 0;
  if (exists) await enqueueFulfilment(db(), { orderNo } as Order);
  else await enqueue(db(), fulfilmentJob, { orderNo }, { dedupeKey: key });
  for (let i = 0; i < 10; i++) {
    await db().update(jobs).set({ runAt: new Date() }).where(and(eq(jobs.dedupeKey, key), eq(jobs.status, "pending")));
    if ((await runTick(db(), registry, { workerId: "fulfilment-mutants" })).ran === 0) break;
  }
  const [job] = await db().select().from(jobs).where(eq(jobs.dedupeKey, key));
  const attempts = await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, job!.id)).orderBy(asc(jobAttempts.attempt));
  return { job: job!, attempts };
}
const reload = async (o: Order) => (await db().select().from(orders).where(eq(orders.id, o.id)))[0]!;

describe("fulfilment: the request", () => {
  it("POSTs the JSON body with its content type and a signature over exactly that body", async () => {
    const shop = await startShop(() => ({ status: 200 }));
    try {
      const o = await orderIn("PAID");
      await fulfil(o.orderNo, shop.url);
      expect(shop.seen).toHaveLength(1);
      const [req] = shop.seen;
      expect(req!.method).toBe("POST");
      expect(req!.headers["content-type"]).toBe("application/json");
      expect(req!.body).toBe(fulfilmentBody(o));
      const now = Math.floor(Date.now() / 1000);
      expect(verifyWebhookSignature(TEST_ENV.FULFILMENT_WEBHOOK_SECRET!, req!.body, String(req!.headers["x-payops-signature"]), now)).toBe(true);
    } finally {
      await shop.close();
    }
  });

  it("goes to FULFILMENT_WEBHOOK_URL, or to the demo merchant under APP_URL when that is unset", async () => {
    process.env.FULFILMENT_WEBHOOK_URL = "https://shop.example.test/hooks/paid";
    resetEnvCache();
    expect(fulfilmentUrl()).toBe("https://shop.example.test/hooks/paid");
    delete process.env.FULFILMENT_WEBHOOK_URL;
    resetEnvCache();
    expect(fulfilmentUrl()).toBe(`${TEST_ENV.APP_URL}/api/demo-merchant/fulfil`);
  });

  it("uses the configured URL when the job is not given one", async () => {
    const shop = await startShop(() => ({ status: 200 }));
    try {
      process.env.FULFILMENT_WEBHOOK_URL = shop.url;
      resetEnvCache();
      const o = await orderIn("PAID");
      const { attempts } = await fulfil(o.orderNo);
      expect(shop.seen).toHaveLength(1);
      expect(attempts[0]!.detail).toMatchObject({ url: shop.url, httpStatus: 200 });
    } finally {
      await shop.close();
    }
  });

  it("the body: every field, the payment time in ISO form or null", () => {
    const paidAt = new Date("2026-11-20T08:00:00.000Z");
    const o = { orderNo: "FM-1", amountMinor: 2990, currency: "CNY", provider: "sandbox", providerTransactionId: "TX-1", paidAt } as Order;
    expect(fulfilmentBody(o)).toBe(
      '{"event":"order.paid","orderNo":"FM-1","amountMinor":2990,"currency":"CNY","provider":"sandbox","providerTransactionId":"TX-1","paidAt":"2026-11-20T08:00:00.000Z"}',
    );
    expect(JSON.parse(fulfilmentBody({ ...o, paidAt: null, providerTransactionId: null }))).toMatchObject({ paidAt: null, providerTransactionId: null });
  });
});

describe("fulfilment: what each attempt records", () => {
  it("a delivery: URL, status, duration and the shop's answer cut to 500 characters", async () => {
    const answer = "x".repeat(600);
    const shop = await startShop(() => ({ status: 201, body: answer }));
    try {
      const o = await orderIn("PAID");
      const { job, attempts } = await fulfil(o.orderNo, shop.url);
      expect(job.status).toBe("succeeded");
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.detail).toEqual({ url: shop.url, httpStatus: 201, durationMs: expect.any(Number), response: answer.slice(0, 500) });
      expect((attempts[0]!.detail as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
      const [audit] = await db().select().from(auditLogs).where(and(eq(auditLogs.entityId, o.orderNo), eq(auditLogs.action, "order.fulfilled")));
      expect(audit!.after).toMatchObject({ httpStatus: 201, jobId: job.id });
    } finally {
      await shop.close();
    }
  });

  it("a refusal: the status in words, as a code, and the answer in the detail", async () => {
    const shop = await startShop(() => ({ status: 503, body: "maintenance" }));
    try {
      const o = await orderIn("PAID");
      const { attempts } = await fulfil(o.orderNo, shop.url);
      expect(attempts[0]).toMatchObject({
        ok: false,
        error: "merchant answered HTTP 503",
        errorCoded: { code: "job.merchant_http_status", params: { httpStatus: 503 } },
        detail: { url: shop.url, httpStatus: 503, response: "maintenance" },
      });
    } finally {
      await shop.close();
    }
  });

  it("an unreachable shop: the URL and the network error", async () => {
    const shop = await startShop(() => ({ status: 200 }));
    await shop.close();
    const o = await orderIn("PAID");
    const { attempts } = await fulfil(o.orderNo, shop.url);
    const first = attempts[0]!;
    expect(first.error).toMatch(new RegExp(`^POST ${shop.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} failed: .+`));
    expect(first.errorCoded).toMatchObject({ code: "job.merchant_unreachable", params: { url: shop.url, error: expect.any(String) } });
    expect(first.detail).toEqual({ url: shop.url, durationMs: expect.any(Number) });
  });

  it("a shop that never answers is cut off after FULFILMENT_TIMEOUT", async () => {
    process.env.FULFILMENT_TIMEOUT = "300ms";
    resetEnvCache();
    const shop = await startShop(() => "hang");
    try {
      const o = await orderIn("PAID");
      const t0 = Date.now();
      const { job, attempts } = await fulfil(o.orderNo, shop.url);
      expect(job.status).toBe("dead");
      expect(attempts).toHaveLength(4);
      expect(attempts[0]!.error).toMatch(/failed/);
      // Four attempts of 300 ms, not four of the default 10 s (generous: the box may be loaded).
      expect(Date.now() - t0).toBeLessThan(20_000);
    } finally {
      await shop.close();
    }
  }, 60_000);
});

describe("fulfilment: nothing to send", () => {
  it("an order that does not exist fails every attempt, names it, and flags nothing", async () => {
    const orderNo = uniqueOrderNo("FM");
    const { job, attempts } = await fulfil(orderNo, "http://127.0.0.1:9/never");
    expect(job.status).toBe("dead");
    expect(attempts[0]).toMatchObject({ error: `order ${orderNo} not found`, errorCoded: { code: "job.order_not_found", params: { orderNo } } });
  });

  it("an order that is not PAID: no request, the status named, no review flag when it dies", async () => {
    const shop = await startShop(() => ({ status: 200 }));
    try {
      const o = await orderIn("CREATED");
      const { job, attempts } = await fulfil(o.orderNo, shop.url);
      expect(shop.seen).toHaveLength(0);
      expect(job.status).toBe("dead");
      expect(attempts[0]).toMatchObject({
        error: `order ${o.orderNo} is CREATED, not PAID`,
        errorCoded: { code: "job.order_not_paid", params: { orderNo: o.orderNo, status: "CREATED" } },
      });
      expect(await reload(o)).toMatchObject({ status: "CREATED", needsReview: false });
    } finally {
      await shop.close();
    }
  });

  it("an order already FULFILLED (a replayed job): succeeds without a request", async () => {
    const shop = await startShop(() => ({ status: 500 }));
    try {
      const o = await orderIn("FULFILLED");
      const { job, attempts } = await fulfil(o.orderNo, shop.url);
      expect(shop.seen).toHaveLength(0);
      expect(job.status).toBe("succeeded");
      expect(attempts[0]!.detail).toEqual({ skipped: "already fulfilled" });
    } finally {
      await shop.close();
    }
  });
});

describe("fulfilment: the dead letter", () => {
  it("flags the PAID order with the attempts and the last error, in words and as a code, audited with the job", async () => {
    const shop = await startShop(() => ({ status: 500 }));
    try {
      const o = await orderIn("PAID");
      const { job } = await fulfil(o.orderNo, shop.url);
      expect(job.status).toBe("dead");
      const after = await reload(o);
      expect(after.reviewReason).toBe("fulfilment failed after 4 attempts: merchant answered HTTP 500");
      expect(after.reviewReasonCoded).toEqual({ code: "order.fulfilment_failed", params: { attempts: 4, lastError: "merchant answered HTTP 500" } });
      const [audit] = await db().select().from(auditLogs).where(and(eq(auditLogs.entityId, o.orderNo), eq(auditLogs.action, "order.needs_review")));
      expect(audit).toMatchObject({ actorLabel: "system:fulfilment" });
      expect(audit!.after).toMatchObject({ cause: "fulfilment dead-lettered", jobId: job.id });
    } finally {
      await shop.close();
    }
  });

  it("says 'unknown error' when the dead job has no last error", async () => {
    const o = await orderIn("PAID");
    const id = (await enqueueFulfilment(db(), o))!;
    const [job] = await db().select().from(jobs).where(eq(jobs.id, id));
    await db().transaction((tx) => fulfilmentJob.onDead!(tx, { ...job!, attempts: 2, lastError: null }, { orderNo: o.orderNo }));
    expect((await reload(o)).reviewReason).toBe("fulfilment failed after 2 attempts: unknown error");
    expect((await reload(o)).reviewReasonCoded).toEqual({ code: "order.fulfilment_failed", params: { attempts: 2, lastError: "unknown error" } });
  });

  it("leaves an order that moved on (fulfilled by a replay) alone", async () => {
    const o = await orderIn("FULFILLED");
    const id = (await enqueueFulfilment(db(), o))!;
    const [job] = await db().select().from(jobs).where(eq(jobs.id, id));
    await db().transaction((tx) => fulfilmentJob.onDead!(tx, { ...job!, attempts: 4, lastError: "x" }, { orderNo: o.orderNo }));
    expect(await reload(o)).toMatchObject({ needsReview: false, reviewReason: null });
  });
});

describe("enqueueFulfilment(s)", () => {
  it("one job per order, ever, with the whole retry schedule as attempts", async () => {
    const o = await orderIn("PAID");
    const id = await enqueueFulfilment(db(), o);
    expect(id).not.toBeNull();
    expect(await enqueueFulfilment(db(), o)).toBeNull();
    await enqueueFulfilments(db(), [o]);
    const rows = await db().select().from(jobs).where(eq(jobs.orderNo, o.orderNo));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "order.fulfil", dedupeKey: `fulfil:${o.orderNo}`, payload: { orderNo: o.orderNo }, maxAttempts: 4 });
  });

  it("many orders in one insert, each with its own job", async () => {
    const a = await orderIn("PAID");
    const b = await orderIn("PAID");
    await enqueueFulfilments(db(), [a, b]);
    await enqueueFulfilments(db(), []);
    for (const o of [a, b]) {
      const rows = await db().select().from(jobs).where(eq(jobs.orderNo, o.orderNo));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ type: "order.fulfil", status: "pending", dedupeKey: `fulfil:${o.orderNo}`, payload: { orderNo: o.orderNo }, maxAttempts: 4 });
    }
  });
});

describe("webhook signature", () => {
  const secret = "test-fulfilment-secret";
  const body = '{"event":"order.paid"}';
  const t = 1_800_000_000;

  it("holds for five minutes either side by default, and for the tolerance given", () => {
    const header = signWebhook(secret, body, t);
    expect(header).toMatch(new RegExp(`^t=${t},v1=[0-9a-f]{64}$`));
    expect(verifyWebhookSignature(secret, body, header, t + 299)).toBe(true);
    expect(verifyWebhookSignature(secret, body, header, t + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, t + 20, 10)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, t + 5, 10)).toBe(true);
  });

  it("fails without a header, for another body or another secret", () => {
    const header = signWebhook(secret, body, t);
    expect(verifyWebhookSignature(secret, body, null, t)).toBe(false);
    expect(verifyWebhookSignature(secret, `${body} `, header, t)).toBe(false);
    expect(verifyWebhookSignature("another-secret", body, header, t)).toBe(false);
  });
});

describe("fulfilment: what an attempt measures and keeps", () => {
  it("a 2xx whose body breaks off mid-stream still counts as delivered (the contract is the status code), with an empty response kept", async () => {
    // Headers promise 100 bytes, 10 arrive, then the socket closes: reading the body fails.
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": "100" });
      res.write("0123456789", () => res.socket?.destroy());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fulfil`;
    try {
      const o = await orderIn("PAID");
      const { job, attempts } = await fulfil(o.orderNo, url);
      expect(job.status).toBe("succeeded");
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.detail).toMatchObject({ url, httpStatus: 200, response: "" });
      expect((await reload(o)).status).toBe("FULFILLED");
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("records how long the request took, for an answer and for an unreachable shop", async () => {
    const shop = await startShop(() => ({ status: 503 }));
    try {
      const o = await orderIn("PAID");
      const { attempts } = await fulfil(o.orderNo, shop.url);
      const ms = (attempts[0]!.detail as { durationMs: number }).durationMs;
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(30_000);
    } finally {
      await shop.close();
    }
    const o = await orderIn("PAID");
    // Port 9 on loopback: nothing listens, the connection is refused at once.
    const { attempts } = await fulfil(o.orderNo, "http://127.0.0.1:9/fulfil");
    const detail = attempts[0]!.detail as { url: string; durationMs: number };
    expect(detail.url).toBe("http://127.0.0.1:9/fulfil");
    expect(detail.durationMs).toBeGreaterThanOrEqual(0);
    expect(detail.durationMs).toBeLessThan(30_000);
  });
});
