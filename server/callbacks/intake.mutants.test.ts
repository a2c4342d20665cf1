import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { callbackEvents, callbackRejectCounters } from "@/db/schema";
import { cappedBody, hasUnstorableValues, REJECTED_BODY_BYTES } from "@/server/callbacks/inspect-body";
import { stopProcessInboxApplier } from "@/server/callbacks/inbox-applier";
import { MAX_CALLBACK_BYTES, receiveCallback, type ReceivedRequest } from "@/server/callbacks/receive-callback";
import { storedHeaders } from "@/server/callbacks/stored-headers";
import { resetEnvCache } from "@/server/env";
import { formatTimestampedHmacHeader } from "@/server/lib/timestamped-hmac";
import { log } from "@/server/lib/log";
import { rowsOf } from "@/server/lib/sql";
import { getProviderAdapter } from "@/server/providers";
import { signSandboxPayload } from "@/server/providers/sandbox/sign";
import type { ProviderAdapter } from "@/server/providers/types";
import { sandboxPayload, uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { TEST_ENV } from "@/test/test-env";

// The intake verb itself (receive-callback.ts, inspect-body.ts, stored-headers.ts), called the way the route
// calls it, so the request's address, id and arrival time are ours to choose and the stored row can be
// compared field by field (docs/adr/0003-callback-intake.md, points 1–3, 8 and 9).

const db = useTestDb();
const sandbox = getProviderAdapter("sandbox")!;
const STRIPE_SECRET = "whsec_intakemutants0123456789";
// Requests whose row the database refuses (trigger below): storing fails while the database is up.
const REFUSED_REQUEST_ID = "req-refused-by-db";

beforeAll(async () => {
  await db().execute(
    sql.raw(`CREATE FUNCTION test_refuse_callback() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'callback refused by the intake test'; END $$`),
  );
  await db().execute(
    sql.raw(
      `CREATE TRIGGER test_refuse_callback BEFORE INSERT ON callback_events FOR EACH ROW WHEN (NEW.request_id = '${REFUSED_REQUEST_ID}') EXECUTE FUNCTION test_refuse_callback()`,
    ),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.CALLBACK_REJECTED_PER_WINDOW;
  delete process.env.CALLBACK_APPLY_IN_PROCESS;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  await stopProcessInboxApplier();
});

const MINUTE = 60_000;
/** A fixed instant inside a one-minute window of its own (the rejected-message allowance is per window). */
function instantInWindow(windowNo: number, secondsIn = 17): Date {
  const now = Date.now();
  return new Date(Math.floor(now / MINUTE) * MINUTE - windowNo * 10 * MINUTE + secondsIn * 1000);
}

/** A sandbox request signed at `at` (the provider's clock agrees with ours). */
function signedSandbox(body: string, at: Date, headers: Record<string, string> = {}): Record<string, string> {
  return { "content-type": "application/json", "sandbox-signature": signSandboxPayload(TEST_ENV.SANDBOX_WEBHOOK_SECRET!, body, Math.floor(at.getTime() / 1000)), ...headers };
}
const forged = (at: Date) => ({ "content-type": "application/json", "sandbox-signature": `t=${Math.floor(at.getTime() / 1000)},v1=${"0".repeat(64)}` });

const rowById = async (id: number) => (await db().select().from(callbackEvents).where(eq(callbackEvents.id, id)))[0]!;
const rowsByRequestId = (requestId: string) => db().select().from(callbackEvents).where(eq(callbackEvents.requestId, requestId));
const counterOf = async (source: string, windowStart: Date) =>
  (await db().select().from(callbackRejectCounters).where(and(eq(callbackRejectCounters.source, source), eq(callbackRejectCounters.windowStart, windowStart))))[0];
const sha256 = (s: string) => createHash("sha256").update(Buffer.from(s, "utf8")).digest("hex");
const windowOf = (at: Date) => new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);

function receive(req: ReceivedRequest, adapter: ProviderAdapter = sandbox) {
  return receiveCallback(db(), adapter, req);
}

describe("a verified callback", () => {
  it("is stored whole with the request's address, id, arrival time and allow-listed headers, then acknowledged", async () => {
    const orderNo = uniqueOrderNo("RCV");
    const body = JSON.stringify(sandboxPayload({ orderNo }));
    const receivedAt = new Date(Date.now() - 90_000);
    const headers = signedSandbox(body, receivedAt, {
      "User-Agent": "u".repeat(1500),
      "X-Request-Id": "r".repeat(1024),
      Cookie: "next-auth.session-token=abc",
      Authorization: "Bearer ours",
      "Stripe-Signature": "t=1,v1=00",
      "x-payops-token": "t",
    });
    const res = await receive({ headers, body, remoteAddr: "203.0.113.44", requestId: "req-verified-1", receivedAt });

    expect(res).toEqual({
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ ok: true }),
      callbackEventId: expect.any(Number),
      outcome: "received",
    });
    const row = await rowById(res.callbackEventId!);
    expect(row).toMatchObject({
      provider: "sandbox",
      source: "notify",
      verification: "verified",
      body,
      bodyBytes: Buffer.byteLength(body),
      bodySha256: null,
      bodyTruncated: false,
      bodySanitized: false,
      remoteAddr: "203.0.113.44",
      requestId: "req-verified-1",
      rejectReason: null,
      rejectReasonCoded: null,
      orderNo,
      amountMinor: 1999,
    });
    // The time the request arrived, not the time it was stored.
    expect(row.receivedAt.getTime()).toBe(receivedAt.getTime());
    // Sandbox's allow-list: common headers plus its signature, names lower-cased, values capped at 1 KiB.
    expect(row.headers).toEqual({
      "content-type": "application/json",
      "sandbox-signature": headers["sandbox-signature"],
      "user-agent": "u".repeat(1024),
      "x-request-id": "r".repeat(1024),
    });
  });

  it("without an address or request id is stored with neither", async () => {
    const orderNo = uniqueOrderNo("ANON");
    const body = JSON.stringify(sandboxPayload({ orderNo }));
    const res = await receive({ headers: signedSandbox(body, new Date()), body });
    expect(res.status).toBe(200);
    expect(await rowById(res.callbackEventId!)).toMatchObject({ remoteAddr: null, requestId: null, verification: "verified" });
  });

  it("from concurrent requests shares one insert and one commit", async () => {
    // No applier touching the rows (an update would give them a new xmin).
    await stopProcessInboxApplier();
    process.env.CALLBACK_APPLY_IN_PROCESS = "false";
    resetEnvCache();
    const orderNo = uniqueOrderNo("GRP");
    const bodies = Array.from({ length: 6 }, () => JSON.stringify(sandboxPayload({ orderNo })));
    const replies = await Promise.all(bodies.map((body) => receive({ headers: signedSandbox(body, new Date()), body, requestId: `req-${orderNo}` })));
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(200));
    // Rows written by one transaction carry the same xmin.
    const xmins = rowsOf<{ x: string }>(await db().execute(sql`SELECT DISTINCT xmin::text AS x FROM callback_events WHERE request_id = ${`req-${orderNo}`}`));
    expect(xmins).toHaveLength(1);
    expect(new Set(replies.map((r) => r.callbackEventId)).size).toBe(6);
  });

  it("is acknowledged and left in the inbox when this process applies nothing (CALLBACK_APPLY_IN_PROCESS=false)", async () => {
    await stopProcessInboxApplier();
    process.env.CALLBACK_APPLY_IN_PROCESS = "false";
    resetEnvCache();
    const orderNo = uniqueOrderNo("NOAPP");
    const body = JSON.stringify(sandboxPayload({ orderNo }));
    const res = await receive({ headers: signedSandbox(body, new Date()), body });
    expect(res).toMatchObject({ status: 200, body: JSON.stringify({ ok: true }), outcome: "received" });
    // Applying is left to workers and the cron tick: the message waits, unprocessed.
    expect(await rowById(res.callbackEventId!)).toMatchObject({ verification: "verified", outcome: "received", processedAt: null });
  });

  it("whose parsed notification has absent optional fields is stored (Stripe event without data.object.object)", async () => {
    process.env.STRIPE_WEBHOOK_SECRET = STRIPE_SECRET;
    resetEnvCache();
    const now = new Date();
    const body = JSON.stringify({
      id: `evt_${uniqueOrderNo("S")}`,
      type: "charge.refunded",
      created: Math.floor(now.getTime() / 1000) - 5,
      data: { object: { id: "ch_intake_1", payment_intent: "pi_intake_1" } },
    });
    const signature = formatTimestampedHmacHeader(STRIPE_SECRET, body, Math.floor(now.getTime() / 1000));
    const res = await receive(
      { headers: { "content-type": "application/json", "stripe-signature": signature, "sandbox-signature": "t=1,v1=00" }, body, receivedAt: now },
      getProviderAdapter("stripe")!,
    );
    expect(res).toMatchObject({ status: 200, body: JSON.stringify({ received: true }), outcome: "received" });
    const row = await rowById(res.callbackEventId!);
    expect(row).toMatchObject({ provider: "stripe", verification: "verified", body, providerTransactionId: "pi_intake_1" });
    // Stripe's allow-list has its own signature header, not the sandbox's.
    expect(row.headers).toEqual({ "content-type": "application/json", "stripe-signature": signature });
  });
});

describe("a callback that cannot be stored", () => {
  it("verified: the provider is asked to retry and the failure is logged", async () => {
    const error = vi.spyOn(log, "error");
    const orderNo = uniqueOrderNo("NOSTORE");
    const body = JSON.stringify(sandboxPayload({ orderNo }));
    const res = await receive({ headers: signedSandbox(body, new Date()), body, requestId: REFUSED_REQUEST_ID });
    expect(res).toEqual({
      status: 503,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ error: "temporarily unavailable" }),
      outcome: "error",
    });
    expect(error).toHaveBeenCalledWith("callback not stored; asking provider to retry", { provider: "sandbox", requestId: REFUSED_REQUEST_ID, error: expect.any(Error) });
    expect(await rowsByRequestId(REFUSED_REQUEST_ID)).toHaveLength(0);
  });

  it("refused: the provider is asked to retry, nothing is stored or counted, and the failure is logged", async () => {
    const error = vi.spyOn(log, "error");
    const warn = vi.spyOn(log, "warn");
    const receivedAt = instantInWindow(1);
    const body = JSON.stringify(sandboxPayload({ orderNo: uniqueOrderNo("NOSTORE") }));
    const res = await receive({ headers: forged(receivedAt), body, remoteAddr: "192.0.2.200", requestId: REFUSED_REQUEST_ID, receivedAt });
    expect(res).toEqual({
      status: 503,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ error: "temporarily unavailable" }),
      outcome: "error",
    });
    expect(error).toHaveBeenCalledWith("refused callback not stored; asking provider to retry", { provider: "sandbox", requestId: REFUSED_REQUEST_ID, error: expect.any(Error) });
    expect(warn).not.toHaveBeenCalledWith("callback refused", expect.anything());
    expect(await rowsByRequestId(REFUSED_REQUEST_ID)).toHaveLength(0);
    // The count and the insert are one statement: the failed insert took its count with it.
    expect(await counterOf("192.0.2.200", windowOf(receivedAt))).toBeUndefined();
  });
});

describe("refused callbacks: verdict, reason and reply", () => {
  it("a body over 1 MiB (not read further) is stored empty as malformed and answered 413", async () => {
    const warn = vi.spyOn(log, "warn");
    const receivedAt = instantInWindow(2);
    const started = Date.now();
    const res = await receive({ headers: forged(receivedAt), body: null, remoteAddr: "192.0.2.31", requestId: "req-too-big", receivedAt });
    expect(res).toEqual({
      status: 413,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ error: "body over 1048576 bytes" }),
      callbackEventId: expect.any(Number),
      outcome: "malformed",
    });
    expect(MAX_CALLBACK_BYTES).toBe(1048576);
    const row = await rowById(res.callbackEventId!);
    expect(row).toMatchObject({
      provider: "sandbox",
      source: "notify",
      verification: "malformed",
      outcome: "malformed",
      rejectReason: "body over 1048576 bytes",
      rejectReasonCoded: { code: "callback.body_too_large", params: { maxBytes: 1048576 } },
      body: "",
      bodyBytes: 0,
      bodySha256: sha256(""),
      bodyTruncated: false,
      bodySanitized: false,
      remoteAddr: "192.0.2.31",
      requestId: "req-too-big",
      notification: null,
    });
    expect(row.receivedAt.getTime()).toBe(receivedAt.getTime());
    // A refusal is final at intake: processed when stored (now), not when the request arrived.
    expect(row.processedAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(warn).toHaveBeenCalledWith("callback refused", {
      provider: "sandbox",
      callbackEventId: res.callbackEventId,
      stored: true,
      kind: "malformed",
      reason: "body over 1048576 bytes",
      requestId: "req-too-big",
    });
  });

  it("a body with a NUL byte is malformed, stored with the NUL replaced", async () => {
    const body = `{"orderNo":"${uniqueOrderNo("NUL")}","x":"a\u0000b"}`;
    const res = await receive({ headers: signedSandbox(body, new Date()), body, requestId: "req-nul" });
    expect(res).toMatchObject({ status: 400, body: JSON.stringify({ error: "body contains NUL or invalid Unicode" }), outcome: "malformed" });
    expect(await rowById(res.callbackEventId!)).toMatchObject({
      verification: "malformed",
      rejectReason: "body contains NUL or invalid Unicode",
      rejectReasonCoded: { code: "callback.unstorable_characters" },
      body: body.replace("\u0000", "\ufffd"),
      bodyBytes: Buffer.byteLength(body),
      bodySha256: sha256(body),
      bodySanitized: true,
      bodyTruncated: false,
    });
  });

  it("a signed body whose fields decode to NUL is malformed, stored as received", async () => {
    const body = JSON.stringify(sandboxPayload({ orderNo: uniqueOrderNo("NULF"), transactionId: "T\u0000X" }));
    expect(body).toContain("\\u0000");
    const res = await receive({ headers: signedSandbox(body, new Date()), body, requestId: "req-nul-field" });
    expect(res).toMatchObject({ status: 400, body: JSON.stringify({ error: "fields contain NUL or invalid Unicode" }), outcome: "malformed" });
    expect(await rowById(res.callbackEventId!)).toMatchObject({
      verification: "malformed",
      outcome: "malformed",
      rejectReason: "fields contain NUL or invalid Unicode",
      rejectReasonCoded: { code: "callback.unstorable_characters" },
      body,
      bodySanitized: false,
      notification: null,
    });
  });

  it("an adapter that throws (our bug) keeps the message as unverifiable, logs it and answers malformed", async () => {
    const error = vi.spyOn(log, "error");
    const bug = new Error("adapter bug");
    const crashing: ProviderAdapter = {
      ...sandbox,
      verify: () => {
        throw bug;
      },
    };
    const body = JSON.stringify(sandboxPayload({ orderNo: uniqueOrderNo("CRASH") }));
    const res = await receive({ headers: signedSandbox(body, new Date()), body, requestId: "req-crash" }, crashing);
    expect(res).toEqual({
      status: 400,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ error: "could not be verified (internal error)" }),
      callbackEventId: expect.any(Number),
      outcome: "malformed",
    });
    expect(error).toHaveBeenCalledWith("callback verification crashed", { provider: "sandbox", requestId: "req-crash", error: bug });
    expect(await rowById(res.callbackEventId!)).toMatchObject({
      verification: "malformed",
      outcome: "malformed",
      rejectReason: "could not be verified (internal error)",
      rejectReasonCoded: { code: "callback.verification_crashed" },
      body,
      notification: null,
    });
  });
});

describe("the rejected-message allowance, per source and window", () => {
  it("stores the first CALLBACK_REJECTED_PER_WINDOW of a source in a window and only counts the rest", async () => {
    process.env.CALLBACK_REJECTED_PER_WINDOW = "2";
    resetEnvCache();
    const warn = vi.spyOn(log, "warn");
    const at = instantInWindow(3);
    const later = new Date(at.getTime() + 20_000); // same window
    const body = (n: number) => JSON.stringify(sandboxPayload({ orderNo: `ALLOW-${n}` }));
    const from = (addr: string, n: number, receivedAt = at) => receive({ headers: forged(receivedAt), body: body(n), remoteAddr: addr, requestId: `req-allow-${n}`, receivedAt });

    const first = await from("198.51.100.10", 1);
    const second = await from("198.51.100.10", 2, later);
    const third = await from("198.51.100.10", 3, later);
    // Refused the same way, stored or not; only the stored ones name their row.
    for (const r of [first, second, third]) expect(r).toMatchObject({ status: 401, outcome: "rejected" });
    expect(first.callbackEventId).toEqual(expect.any(Number));
    expect(second.callbackEventId).toEqual(expect.any(Number));
    expect(third).not.toHaveProperty("callbackEventId");
    expect(await rowsByRequestId("req-allow-3")).toHaveLength(0);
    expect(warn).toHaveBeenLastCalledWith("callback refused", {
      provider: "sandbox",
      callbackEventId: null,
      stored: false,
      kind: "rejected",
      reason: expect.any(String),
      requestId: "req-allow-3",
    });
    expect(await counterOf("198.51.100.10", windowOf(at))).toMatchObject({ seen: 3 });

    // Another source has an allowance of its own.
    const other = await from("198.51.100.11", 4, later);
    expect(other.callbackEventId).toEqual(expect.any(Number));
    expect(await counterOf("198.51.100.11", windowOf(at))).toMatchObject({ seen: 1 });

    // The next window starts afresh for the first source.
    const next = new Date(windowOf(at).getTime() + MINUTE + 5_000);
    const fresh = await from("198.51.100.10", 5, next);
    expect(fresh.callbackEventId).toEqual(expect.any(Number));
    expect(await counterOf("198.51.100.10", windowOf(next))).toMatchObject({ seen: 1 });
    expect(await rowById(fresh.callbackEventId!)).toMatchObject({ verification: "rejected", remoteAddr: "198.51.100.10", requestId: "req-allow-5" });
  });

  it("counts requests without a known address under the source \"unknown\"", async () => {
    const at = instantInWindow(4);
    const res = await receive({ headers: forged(at), body: JSON.stringify(sandboxPayload({ orderNo: uniqueOrderNo("UNK") })), receivedAt: at });
    expect(res).toMatchObject({ status: 401, outcome: "rejected", callbackEventId: expect.any(Number) });
    expect(await counterOf("unknown", windowOf(at))).toMatchObject({ seen: 1 });
    expect(await rowById(res.callbackEventId!)).toMatchObject({ remoteAddr: null, requestId: null });
  });
});

describe("rejected bodies are capped to their first 8 KiB", () => {
  it("a body of exactly 8 KiB is kept whole, including a final U+FFFD", () => {
    const body = "a".repeat(REJECTED_BODY_BYTES - 3) + "\ufffd";
    expect(Buffer.byteLength(body)).toBe(8192);
    expect(cappedBody(body)).toEqual({ body, bodyBytes: 8192, bodySha256: sha256(body), bodyTruncated: false, bodySanitized: false });
  });

  it("a short body ending in U+FFFD is kept as it is", () => {
    const body = '{"note":"bad byte \ufffd"}\ufffd';
    expect(cappedBody(body)).toEqual({ body, bodyBytes: Buffer.byteLength(body), bodySha256: sha256(body), bodyTruncated: false, bodySanitized: false });
  });

  it("a longer body is cut on a character boundary, keeping any U+FFFD before the cut", async () => {
    // 3 + 8188 bytes, then a 3-byte "€" that straddles byte 8192.
    const kept = "\ufffd" + "b".repeat(8188);
    const body = kept + "€" + "c".repeat(100);
    expect(cappedBody(body)).toEqual({ body: kept, bodyBytes: 3 + 8188 + 3 + 100, bodySha256: sha256(body), bodyTruncated: true, bodySanitized: false });

    // The same through the intake: what is stored for a forged message.
    const at = new Date();
    const res = await receive({ headers: forged(at), body, requestId: "req-capped", receivedAt: at });
    expect(res.status).toBe(401);
    expect(await rowById(res.callbackEventId!)).toMatchObject({ body: kept, bodyBytes: 8294, bodySha256: sha256(body), bodyTruncated: true, bodySanitized: false });
  });
});

describe("hasUnstorableValues", () => {
  it("finds NUL or a lone surrogate in a string nested four levels into a notification", () => {
    expect(hasUnstorableValues({ facts: { a: { b: { c: { d: "x\u0000" } } } } })).toBe(true);
    expect(hasUnstorableValues({ facts: { a: { b: { c: { "d\udc00": "x" } } } } })).toBe(true);
    expect(hasUnstorableValues({ facts: { a: { b: { c: { d: "ok \ud83d\ude00" } } } } })).toBe(false);
  });

  it("refuses a value nested deeper than any adapter builds (an object five levels down), which it cannot vouch for", () => {
    expect(hasUnstorableValues({ facts: { a: { b: { c: { d: {} } } } } })).toBe(true);
    expect(hasUnstorableValues({ facts: { a: { b: { c: { d: { e: "fine" } } } } } })).toBe(true);
    expect(hasUnstorableValues({ facts: { a: { b: { c: {} } } } })).toBe(false);
  });

  it("passes absent (undefined) fields, numbers, booleans, dates and nulls", () => {
    expect(hasUnstorableValues({ eventId: null, amountMinor: 1, ok: true, eventAt: new Date(), facts: { status: undefined, customer: "cus_1" } })).toBe(false);
  });
});

describe("storedHeaders", () => {
  it("keeps a value of exactly 1 KiB whole and cuts a longer one to 1 KiB", () => {
    const exact = "e".repeat(1024);
    expect(storedHeaders("wechatpay", { "Wechatpay-Signature": exact, "wechatpay-nonce": "n".repeat(1025), "x-api-key": "k" })).toEqual({
      "wechatpay-signature": exact,
      "wechatpay-nonce": "n".repeat(1024),
    });
  });
});
