import { afterEach, describe, expect, it } from "vitest";
import { POST as demoMerchant } from "@/app/api/demo-merchant/fulfil/route";
import { GET as health } from "@/app/api/health/route";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { POST as createOrder } from "@/app/api/v1/orders/route";
import { setDbHandle } from "@/db/client";
import { resetEnvCache } from "@/server/env";
import { signWebhook } from "@/server/fulfilment/sign-webhook";
import { merchantRequest, uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { TEST_ENV } from "@/test/test-env";

useTestDb();

const order = () => ({ orderNo: uniqueOrderNo("H"), userId: "u-1", amountMinor: 100, currency: "CNY", provider: "sandbox" });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A body that counts how much of it was pulled, for "refused without buffering it all". */
function countingBody(total: number, chunk = 16 * 1024) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled >= total) return c.close();
      state.pulled += chunk;
      c.enqueue(new TextEncoder().encode(" ".repeat(chunk)));
    },
  });
  return { stream, state };
}

afterEach(() => {
  delete process.env.DEMO_MODE;
  resetEnvCache();
});

describe("POST /api/v1/orders limits and input hygiene", () => {
  it("answers 413 to an oversized body, declared or streamed, without reading it all", async () => {
    const declared = merchantRequest("POST", "/api/v1/orders", JSON.stringify({ ...order(), subject: "x".repeat(100 * 1024) }));
    const big = new Request(declared.url, { method: "POST", headers: { ...Object.fromEntries(declared.headers), "content-length": String(200 * 1024 * 1024) }, body: "{}" });
    const res = await createOrder(big);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");

    const { stream, state } = countingBody(200 * 1024 * 1024);
    const chunked = new Request("http://t/api/v1/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ENV.MERCHANT_API_KEY}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await createOrder(chunked)).status).toBe(413);
    expect(state.pulled).toBeLessThan(1024 * 1024);
  });

  it("checks the key before reading the body: a stranger's big upload is a 401, unread", async () => {
    const { stream, state } = countingBody(10 * 1024 * 1024);
    const res = await createOrder(new Request("http://t/api/v1/orders", { method: "POST", headers: { authorization: "Bearer nope-nope" }, body: stream, duplex: "half" } as RequestInit));
    expect(res.status).toBe(401);
    expect(state.pulled).toBeLessThanOrEqual(16 * 1024);
  });

  it("answers 400 with a field error for NUL bytes, control characters and lone surrogates, never 500", async () => {
    for (const [field, value] of [
      ["userId", "u\u00001"],
      ["subject", "洗衣\u0000"],
      ["subject", "bad \ud800 surrogate"],
      ["userId", "\udc00"],
      ["subject", "line\nbreak"],
    ] as const) {
      // JSON.stringify writes lone surrogates and NUL as \u escapes, as a client library would.
      const res = await createOrder(merchantRequest("POST", "/api/v1/orders", { ...order(), [field]: value }));
      expect(res.status, JSON.stringify(value)).toBe(400);
      const { error } = await res.json();
      expect(Object.keys(error.details.fields), JSON.stringify(value)).toEqual([field]);
    }
    // A raw lone surrogate escape in the JSON text itself.
    const raw = `{"orderNo":"${uniqueOrderNo("H")}","userId":"\\ud83d","amountMinor":1,"provider":"sandbox"}`;
    expect((await createOrder(merchantRequest("POST", "/api/v1/orders", raw))).status).toBe(400);
  });

  it("checks the currency against ISO 4217", async () => {
    const bad = await createOrder(merchantRequest("POST", "/api/v1/orders", { ...order(), currency: "ABC" }));
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.details.fields)).toEqual(["currency"]);
    expect((await createOrder(merchantRequest("POST", "/api/v1/orders", { ...order(), currency: "jpy" }))).status).toBe(201);
  });

  it("keeps a safe x-request-id and replaces an unsafe one", async () => {
    const withId = (id: string) => {
      const r = merchantRequest("POST", "/api/v1/orders", order());
      r.headers.set("x-request-id", id);
      return r;
    };
    expect((await createOrder(withId("shop-req-42"))).headers.get("x-request-id")).toBe("shop-req-42");
    expect((await createOrder(withId("<img src=x onerror=alert(1)>"))).headers.get("x-request-id")).toMatch(UUID);
  });
});

describe("/api/demo-merchant/fulfil", () => {
  it("does not exist outside demo mode: 404 before reading the body", async () => {
    process.env.DEMO_MODE = "false";
    resetEnvCache();
    const { stream, state } = countingBody(10 * 1024 * 1024);
    const res = await demoMerchant(new Request("http://t/api/demo-merchant/fulfil", { method: "POST", body: stream, duplex: "half" } as RequestInit));
    expect(res.status).toBe(404);
    expect(state.pulled).toBeLessThanOrEqual(16 * 1024);
  });

  it("in demo mode verifies the signature, with a size limit", async () => {
    process.env.DEMO_MODE = "true";
    resetEnvCache();
    const body = JSON.stringify({ event: "order.paid", orderNo: "X" });
    const t = Math.floor(Date.now() / 1000);
    const ok = await demoMerchant(new Request("http://t/f", { method: "POST", body, headers: { "x-payops-signature": signWebhook(TEST_ENV.FULFILMENT_WEBHOOK_SECRET!, body, t) } }));
    expect(ok.status).toBe(200);
    expect((await demoMerchant(new Request("http://t/f", { method: "POST", body, headers: { "x-payops-signature": "t=1,v1=00" } }))).status).toBe(401);
    const { stream } = countingBody(10 * 1024 * 1024);
    expect((await demoMerchant(new Request("http://t/f", { method: "POST", body: stream, duplex: "half" } as RequestInit))).status).toBe(413);
  });

  it("is off by default in production", async () => {
    const { isDemoMode, getEnv } = await import("@/server/env");
    expect(isDemoMode({ ...getEnv(), NODE_ENV: "production", DEMO_MODE: undefined })).toBe(false);
    expect(isDemoMode({ ...getEnv(), NODE_ENV: "development", DEMO_MODE: undefined })).toBe(true);
    expect(isDemoMode({ ...getEnv(), NODE_ENV: "production", DEMO_MODE: "true" })).toBe(true);
  });
});

describe("/api/trpc", () => {
  const batch = (n: number) => `http://t/api/trpc/${Array.from({ length: n }, () => "order.search").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`;

  it("refuses a batch of more than 20 calls with 413 and a clear message", async () => {
    const res = await trpcGet(new Request(batch(150)));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/at most 20 calls; this one has 150/);
    expect((await trpcPost(new Request(batch(21), { method: "POST", body: "{}" }))).status).toBe(413);
  });

  it("lets a batch of 20 through to the procedures, and echoes a safe request id", async () => {
    const res = await trpcGet(new Request(batch(20), { headers: { "x-request-id": "<bad id>" } }));
    expect(res.status).not.toBe(413);
    expect(res.headers.get("x-request-id")).toMatch(UUID);
    const ok = await trpcGet(new Request(batch(1), { headers: { "x-request-id": "console-7" } }));
    expect(ok.headers.get("x-request-id")).toBe("console-7");
  });

  it("refuses an oversized POST body with 413", async () => {
    const { stream, state } = countingBody(50 * 1024 * 1024);
    const res = await trpcPost(new Request("http://t/api/trpc/callback.reveal", { method: "POST", body: stream, duplex: "half" } as RequestInit));
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThan(1024 * 1024);
  });
});

describe("GET /api/health", () => {
  const get = (headers: Record<string, string> = {}) => health(new Request("http://t/api/health", { headers }));

  it("tells the public only up or down", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "up" });
    expect(await (await get({ authorization: "Bearer wrong-secret" })).json()).toEqual({ status: "up" });
  });

  it("gives the details to the cron secret", async () => {
    const res = await get({ authorization: `Bearer ${TEST_ENV.CRON_SECRET}` });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("ok");
    expect(body.database.ok).toBe(true);
    expect(body.migrations.current).toBe(true);
  });

  it("answers 503 down, not a bare 500, when the database could not be opened", async () => {
    const { getDbHandle } = await import("@/db/client");
    const real = await getDbHandle();
    // As at a boot with the database unreachable: opening the handle fails.
    const g = globalThis as unknown as { __payopsDb?: Promise<unknown> };
    const failing = Promise.reject(new Error("connect ECONNREFUSED 10.0.0.1:5432"));
    failing.catch(() => undefined);
    g.__payopsDb = failing;
    try {
      const res = await get();
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "down" });
      g.__payopsDb = failing;
      const detailed = await get({ authorization: `Bearer ${TEST_ENV.CRON_SECRET}` });
      expect(detailed.status).toBe(503);
      expect((await detailed.json()).database.ok).toBe(false);
    } finally {
      setDbHandle(real);
    }
  });
});
