import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { callbackEvents, callbackRejectCounters } from "@/db/schema";
import { reason } from "@/lib/reasons";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { GroupCommitter } from "./group-commit";
import { insertProviderMessages, recordProviderMessage, recordRejectedMessage, type ProviderMessageInput } from "./record-provider-message";

// Gaps the mutation run left in group-commit.ts and record-provider-message.ts (docs/testing.md, "Mutation
// testing"). GroupCommitter is generic: it is tested at its boundary with write functions of our own that
// record the batches they were given and succeed or fail as each test needs. The message store runs
// against the real database.

/** One turn of the event loop: resolves in the check phase after the immediates queued before it. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await turn();
}

type Settled<R> = { state: "pending" } | { state: "fulfilled"; value: R } | { state: "rejected"; error: unknown };
/** Follows a caller's promise without awaiting it, so a test can see that it is still pending. */
function track<R>(p: Promise<R>): { readonly now: Settled<R> } {
  let now: Settled<R> = { state: "pending" };
  p.then(
    (value) => (now = { state: "fulfilled", value }),
    (error: unknown) => (now = { state: "rejected", error }),
  );
  return {
    get now() {
      return now;
    },
  };
}

/** A write that answers at once: item × 10 for each item, in order. */
function instantWrite() {
  const batches: number[][] = [];
  const write = (items: number[]) => {
    batches.push([...items]);
    return Promise.resolve(items.map((i) => i * 10));
  };
  return { batches, write };
}

/** A write that answers only when the test says so; counts how many run at once. */
function heldWrite() {
  const calls: { items: number[]; done(): void }[] = [];
  let running = 0;
  let maxRunning = 0;
  const write = (items: number[]) =>
    new Promise<number[]>((resolve) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      calls.push({
        items: [...items],
        done: () => {
          running--;
          resolve(items.map((i) => i * 10));
        },
      });
    });
  return {
    calls,
    write,
    batches: () => calls.map((c) => c.items),
    get running() {
      return running;
    },
    get maxRunning() {
      return maxRunning;
    },
  };
}

describe("GroupCommitter: batching", () => {
  it("items added in the same turn share one write, and each caller gets its own result", async () => {
    const w = instantWrite();
    const committer = new GroupCommitter(w.write, { maxBatch: 64, maxInFlight: 2 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => committer.add(i)));
    expect(w.batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(results).toEqual([10, 20, 30, 40, 50]);
  });

  it("an idle committer writes in the next turn; a later item makes a batch of its own", async () => {
    const w = heldWrite();
    const committer = new GroupCommitter(w.write, { maxBatch: 64, maxInFlight: 2 });
    const first = track(committer.add(1));
    expect(w.calls).toHaveLength(0);
    await turn();
    expect(w.batches()).toEqual([[1]]);
    const second = track(committer.add(2));
    await turn();
    expect(w.batches()).toEqual([[1], [2]]);
    w.calls[1]!.done();
    w.calls[0]!.done();
    await turn();
    expect([first.now, second.now]).toEqual([
      { state: "fulfilled", value: 10 },
      { state: "fulfilled", value: 20 },
    ]);
  });

  it("a batch holds at most maxBatch items, in arrival order", async () => {
    const w = instantWrite();
    const committer = new GroupCommitter(w.write, { maxBatch: 2, maxInFlight: 1 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => committer.add(i)));
    expect(w.batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(results).toEqual([10, 20, 30, 40, 50]);
  });

  it("never runs more than maxInFlight writes at once; the next batch starts when one finishes", async () => {
    const w = heldWrite();
    const committer = new GroupCommitter(w.write, { maxBatch: 1, maxInFlight: 2 });
    const callers = [1, 2, 3, 4, 5].map((i) => track(committer.add(i)));
    await turns(5);
    expect(w.batches()).toEqual([[1], [2]]);
    expect(w.running).toBe(2);
    w.calls[1]!.done();
    await turns(5);
    expect(w.batches()).toEqual([[1], [2], [3]]);
    expect(callers.map((c) => c.now.state)).toEqual(["pending", "fulfilled", "pending", "pending", "pending"]);
    w.calls[0]!.done();
    w.calls[2]!.done();
    await turns(5);
    expect(w.batches()).toEqual([[1], [2], [3], [4], [5]]);
    w.calls[3]!.done();
    w.calls[4]!.done();
    await turns(2);
    expect(w.maxRunning).toBe(2);
    expect(callers.map((c) => c.now)).toEqual([10, 20, 30, 40, 50].map((value) => ({ state: "fulfilled", value })));
  });

  it("with one write allowed in flight, items arriving meanwhile wait and then go together", async () => {
    const w = heldWrite();
    const committer = new GroupCommitter(w.write, { maxBatch: 64, maxInFlight: 1 });
    const a = track(committer.add(1));
    await turn();
    const b = track(committer.add(2));
    await turn();
    const c = track(committer.add(3));
    await turns(3);
    expect(w.batches()).toEqual([[1]]);
    expect(w.running).toBe(1);
    w.calls[0]!.done();
    await turns(3);
    expect(w.batches()).toEqual([[1], [2, 3]]);
    w.calls[1]!.done();
    await turns(2);
    expect([a.now, b.now, c.now]).toEqual([10, 20, 30].map((value) => ({ state: "fulfilled", value })));
  });

  // A batch goes out one turn after it could (setImmediate), so that whatever arrives in that turn joins it.
  // There is at most one pending flush at a time: the rest of a full batch, items that waited for a free
  // write, and items arriving into an idle committer are all flushed in the turn after, together with the
  // items that arrived before that flush ran.
  it("the rest of a full batch goes out in the next turn, with the items that arrived in that turn", async () => {
    const w = heldWrite();
    const committer = new GroupCommitter(w.write, { maxBatch: 2, maxInFlight: 2 });
    const callers = [1, 2, 3].map((i) => track(committer.add(i)));
    // Runs in the same check phase as the first flush, after it: before the second flush.
    setImmediate(() => callers.push(track(committer.add(4))));
    await turns(4);
    expect(w.batches()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    for (const call of w.calls) call.done();
    await turns(2);
    expect(callers.map((c) => c.now)).toEqual([10, 20, 30, 40].map((value) => ({ state: "fulfilled", value })));
  });

  it("items that waited for a free write go out in the turn after it frees, with the items of that turn", async () => {
    const w = heldWrite();
    const committer = new GroupCommitter(w.write, { maxBatch: 64, maxInFlight: 1 });
    const callers = [track(committer.add(1))];
    await turn();
    expect(w.batches()).toEqual([[1]]);
    callers.push(track(committer.add(2))); // the one write allowed is busy: item 2 waits
    setImmediate(() => callers.push(track(committer.add(3)))); // arrives after the write finished, before the flush
    w.calls[0]!.done();
    await turns(4);
    expect(w.batches()).toEqual([[1], [2, 3]]);
    w.calls[1]!.done();
    await turns(2);
    expect(callers.map((c) => c.now)).toEqual([10, 20, 30].map((value) => ({ state: "fulfilled", value })));
  });

  it("a write that finishes with nothing waiting leaves no flush pending: the next items are batched as usual", async () => {
    const w = heldWrite();
    const committer = new GroupCommitter(w.write, { maxBatch: 64, maxInFlight: 1 });
    const callers = [track(committer.add(1))];
    await turn();
    expect(w.batches()).toEqual([[1]]);
    // Same check phase: the first finishes the write (nothing is waiting), the second adds item 2 and, one
    // immediate later, item 3; the flush for item 2 runs in the next turn, after item 3 arrived.
    setImmediate(() => w.calls[0]!.done());
    setImmediate(() => {
      setImmediate(() => callers.push(track(committer.add(3))));
      callers.push(track(committer.add(2)));
    });
    await turns(4);
    expect(w.batches()).toEqual([[1], [2, 3]]);
    w.calls[1]!.done();
    await turns(2);
    expect(callers.map((c) => c.now)).toEqual([10, 20, 30].map((value) => ({ state: "fulfilled", value })));
  });
});

describe("GroupCommitter: results that do not fit the batch", () => {
  it.each([
    { name: "too few", answer: (items: number[]) => items.slice(1).map((i) => i * 10), size: 2, message: "group commit: 1 results for 2 items" },
    { name: "too many", answer: (items: number[]) => [...items, 99].map((i) => i * 10), size: 2, message: "group commit: 3 results for 2 items" },
    { name: "none for a single item", answer: () => [], size: 1, message: "group commit: 0 results for 1 item" },
    { name: "an object without a length", answer: () => ({}) as unknown as number[], size: 2, message: "group commit: undefined results for 2 items" },
  ])("$name: every caller is rejected with the count mismatch, nothing is retried", async ({ answer, size, message }) => {
    const batches: number[][] = [];
    const committer = new GroupCommitter(
      (items: number[]) => {
        batches.push([...items]);
        return Promise.resolve(answer(items));
      },
      { maxBatch: 64, maxInFlight: 2 },
    );
    const callers = Array.from({ length: size }, (_, i) => track(committer.add(i + 1)));
    await turns(4);
    expect(batches).toEqual([Array.from({ length: size }, (_, i) => i + 1)]);
    for (const c of callers) {
      expect(c.now.state).toBe("rejected");
      const error = (c.now as { error: unknown }).error;
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(message);
    }
  });

  it("a write that resolves to no array at all rejects every caller once, without a retry", async () => {
    const batches: number[][] = [];
    const committer = new GroupCommitter(
      (items: number[]) => {
        batches.push([...items]);
        return Promise.resolve(null as unknown as number[]);
      },
      { maxBatch: 64, maxInFlight: 2 },
    );
    const callers = [1, 2].map((i) => track(committer.add(i)));
    await turns(4);
    expect(batches).toEqual([[1, 2]]);
    for (const c of callers) {
      expect(c.now.state).toBe("rejected");
      expect((c.now as { error: unknown }).error).toBeInstanceOf(TypeError);
    }
  });
});

// What a failing write throws, shaped like the drivers' errors: SQLSTATE on the error itself (pg's
// DatabaseError) or on a cause (drizzle's DrizzleQueryError wraps the driver's error).
const withCode = (code: unknown, message = `failed with ${String(code)}`) => Object.assign(new Error(message), { code });
const wrapped = (cause: unknown, levels = 1): Error => (levels === 0 ? (cause as Error) : wrapped(new Error(`Failed query (level ${levels})`, { cause }), levels - 1));

/** A write that fails, like the database, for every batch holding `bad`, with a new error each time. */
function refusingWrite(bad: number, errorFor: (batchSize: number) => unknown) {
  const batches: number[][] = [];
  const thrown: unknown[] = [];
  const write = (items: number[]) => {
    batches.push([...items]);
    if (!items.includes(bad)) return Promise.resolve(items.map((i) => i * 10));
    const e = errorFor(items.length);
    thrown.push(e);
    return Promise.reject(e);
  };
  return { batches, thrown, write };
}

describe("GroupCommitter: a batch the database refuses", () => {
  it.each([
    { name: "SQLSTATE on the error (check violation)", error: (n: number) => withCode("23514", `refused in a batch of ${n}`) },
    { name: "SQLSTATE on its cause", error: (n: number) => wrapped(withCode("23505", `refused in a batch of ${n}`)) },
    { name: "SQLSTATE three causes down", error: (n: number) => wrapped(withCode("22001", `refused in a batch of ${n}`), 3) },
    // 22008 (datetime field overflow) is a refused value; "08" is only a connection class at the start.
    { name: "a data exception whose code contains 08", error: (n: number) => withCode("22008", `refused in a batch of ${n}`) },
    { name: "a code with letters (invalid text representation)", error: (n: number) => withCode("22P02", `refused in a batch of ${n}`) },
  ])("$name: retried item by item, so only the bad item fails", async ({ error }) => {
    const w = refusingWrite(3, error);
    const committer = new GroupCommitter(w.write, { maxBatch: 64, maxInFlight: 2 });
    const callers = [1, 2, 3, 4].map((i) => track(committer.add(i)));
    await turns(6);
    expect(w.batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
    expect(callers.map((c) => c.now.state)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(callers.map((c) => (c.now.state === "fulfilled" ? c.now.value : null))).toEqual([10, 20, null, 40]);
    // The bad item fails with the error of its own write, not the batch's.
    expect((callers[2]!.now as { error: unknown }).error).toBe(w.thrown[1]);
  });

  it("in the item-by-item retry, a write that returns no result for its item rejects that caller instead of resolving it with nothing", async () => {
    const batches: number[][] = [];
    const write = (items: number[]) => {
      batches.push([...items]);
      if (items.length > 1) return Promise.reject(withCode("23505", "refused in a batch"));
      // The item 2's write "succeeds" without a row.
      return Promise.resolve(items[0] === 2 ? [] : items.map((i) => i * 10));
    };
    const committer = new GroupCommitter(write, { maxBatch: 64, maxInFlight: 2 });
    const callers = [1, 2, 3].map((i) => track(committer.add(i)));
    await turns(6);
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(callers.map((c) => c.now.state)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((callers[1]!.now as { error: unknown }).error)).toBe("Error: group commit: 0 results for 1 item");
  });

  it("a single item refused by the database fails at once, without writing it again", async () => {
    const w = refusingWrite(7, (n) => withCode("23505", `refused in a batch of ${n}`));
    const committer = new GroupCommitter(w.write, { maxBatch: 64, maxInFlight: 2 });
    const caller = track(committer.add(7));
    await turns(4);
    expect(w.batches).toEqual([[7]]);
    expect(caller.now).toEqual({ state: "rejected", error: w.thrown[0] });
  });

  it.each([
    { name: "connection failure (08006) on the error", error: () => withCode("08006") },
    { name: "connection failure (08001) on the cause", error: () => wrapped(withCode("08001")) },
    { name: "insufficient resources (53300 too many connections)", error: () => wrapped(withCode("53300")) },
    { name: "operator intervention (57P01 admin shutdown)", error: () => withCode("57P01") },
    { name: "operator intervention (57014 query canceled)", error: () => wrapped(withCode("57014"), 2) },
    { name: "no code at all", error: () => new Error("Connection terminated unexpectedly") },
    { name: "a network error code, not a SQLSTATE (ECONNREFUSED)", error: () => wrapped(withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")) },
    { name: "a numeric code, not a SQLSTATE", error: () => withCode(23505) },
    { name: "a lower-case code, not a SQLSTATE", error: () => withCode("23p01") },
    { name: "a SQLSTATE four causes down, deeper than the check looks", error: () => wrapped(withCode("23505"), 4) },
    { name: "a thrown string", error: () => "boom" },
  ])("$name: every caller gets that error, nothing is retried, and the committer keeps working", async ({ error }) => {
    const w = refusingWrite(2, error);
    const committer = new GroupCommitter(w.write, { maxBatch: 64, maxInFlight: 2 });
    const callers = [1, 2, 3].map((i) => track(committer.add(i)));
    await turns(6);
    expect(w.batches).toEqual([[1, 2, 3]]);
    expect(w.thrown).toHaveLength(1);
    for (const c of callers) {
      expect(c.now.state).toBe("rejected");
      expect((c.now as { error: unknown }).error).toBe(w.thrown[0]);
    }
    // Later items are written as usual.
    await expect(committer.add(5)).resolves.toBe(50);
    expect(w.batches).toEqual([[1, 2, 3], [5]]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Storing provider messages (real database)

const db = useTestDb();

const rowsById = async (ids: number[]) => {
  const rows = await db().select().from(callbackEvents).where(inArray(callbackEvents.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
};

describe("insertProviderMessages", () => {
  it("stores every column it is given, with defaults for what is left out, and returns ids in input order", async () => {
    const orderNo = uniqueOrderNo("STORE");
    const receivedAt = new Date("2026-11-26T09:30:00.123Z");
    const verified: ProviderMessageInput = {
      provider: "sandbox",
      source: "notify",
      headers: { "content-type": "application/json", "sandbox-signature": "t=1,v1=ab" },
      // Two-byte characters: body_bytes counts bytes, not characters.
      body: `{"orderNo":"${orderNo}","amount":"12.30","note":"¥é"}`,
      receivedAt,
      remoteAddr: "203.0.113.9",
      requestId: "req-verified",
      verification: "verified",
      outcome: "received",
      notification: {
        eventId: "evt_1",
        dedupeKey: `TX-${orderNo}:PAID`,
        orderNo,
        transactionId: `TX-${orderNo}`,
        state: "PAID",
        providerStatus: "SUCCESS",
        amountMinor: 1230,
        currency: "CNY",
        eventAt: new Date("2026-11-26T09:29:58.623Z"), // 1.5 s before it reached us
        paidAt: new Date("2026-11-26T09:29:58.000Z"),
        facts: { buyer: "b1" },
      },
    };
    // A status query's answer, stored before verification: nothing but the required fields.
    // Its body holds what an escape (array literal, JSON) must carry exactly: quotes, backslashes, braces, commas, tab, newline, "NULL".
    const pending: ProviderMessageInput = { provider: "alipay", source: "query", headers: {}, body: `raw ${orderNo} query "q" \\ \\" {a,b} \t\r\n NULL`, receivedAt: new Date("2026-11-26T09:31:00.000Z") };
    // A refused message: its body already capped (as the intake does), outcome final at intake.
    const rejected: ProviderMessageInput = {
      provider: "wechatpay",
      source: "notify",
      headers: { "wechatpay-serial": "S1" },
      body: { body: `{"orderNo":"${orderNo}","cut":`, bodyBytes: 20_000, bodySha256: "a".repeat(64), bodyTruncated: true, bodySanitized: true },
      receivedAt: new Date("2026-11-26T09:32:00.000Z"),
      remoteAddr: "198.51.100.4",
      requestId: "req-rejected",
      verification: "rejected",
      outcome: "rejected",
      rejectReason: "signature mismatch",
      rejectReasonCoded: reason("callback.signature_mismatch"),
      processedAt: new Date("2026-11-26T09:32:00.250Z"),
    };
    // A verified message without ids, amount or event time, whose clock is ahead of ours.
    const bare: ProviderMessageInput = {
      provider: "stripe",
      source: "notify",
      headers: {},
      body: `{"bare":"${orderNo}"}`,
      receivedAt: new Date("2026-11-26T09:33:00.000Z"),
      verification: "verified",
      outcome: "ignored",
      processedAt: new Date("2026-11-26T09:32:59.000Z"), // before receivedAt: never a negative duration
      notification: {
        eventId: null,
        dedupeKey: `${orderNo}:PENDING`,
        orderNo: null,
        transactionId: null,
        state: "PENDING",
        providerStatus: "processing",
        amountMinor: null,
        currency: null,
        eventAt: new Date("2026-11-26T09:33:02.000Z"), // 2 s in our future: delay 0, not negative
        paidAt: null,
        facts: {},
      },
    };

    const ids = await insertProviderMessages(db(), [verified, pending, rejected, bare]);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(Number.isInteger(id)).toBe(true);
    const rows = await rowsById(ids);
    const [v, p, r, b] = ids.map((id) => rows.get(id));

    expect(v).toMatchObject({
      provider: "sandbox",
      source: "notify",
      receivedAt,
      headers: { "content-type": "application/json", "sandbox-signature": "t=1,v1=ab" },
      body: `{"orderNo":"${orderNo}","amount":"12.30","note":"¥é"}`,
      bodyBytes: Buffer.byteLength(`{"orderNo":"${orderNo}","amount":"12.30","note":"`) + 4 + 2,
      bodySha256: null,
      bodyTruncated: false,
      bodySanitized: false,
      remoteAddr: "203.0.113.9",
      requestId: "req-verified",
      verification: "verified",
      rejectReason: null,
      rejectReasonCoded: null,
      outcome: "received",
      outcomeDetail: null,
      outcomeDetailCoded: null,
      eventId: "evt_1",
      orderNo,
      providerTransactionId: `TX-${orderNo}`,
      providerStatus: "SUCCESS",
      amountMinor: 1230,
      currency: "CNY",
      eventAt: new Date("2026-11-26T09:29:58.623Z"),
      delayMs: 1500,
      processedAt: null,
      processingMs: null,
      notification: {
        eventId: "evt_1",
        dedupeKey: `TX-${orderNo}:PAID`,
        orderNo,
        transactionId: `TX-${orderNo}`,
        state: "PAID",
        providerStatus: "SUCCESS",
        amountMinor: 1230,
        currency: "CNY",
        eventAt: "2026-11-26T09:29:58.623Z",
        paidAt: "2026-11-26T09:29:58.000Z",
        facts: { buyer: "b1" },
      },
    });

    expect(p).toMatchObject({
      provider: "alipay",
      source: "query",
      receivedAt: new Date("2026-11-26T09:31:00.000Z"),
      headers: {},
      body: `raw ${orderNo} query "q" \\ \\" {a,b} \t\r\n NULL`,
      bodyBytes: `raw ${orderNo} query "q" \\ \\" {a,b} \t\r\n NULL`.length,
      bodySha256: null,
      bodyTruncated: false,
      bodySanitized: false,
      remoteAddr: null,
      requestId: null,
      verification: "pending",
      rejectReason: null,
      rejectReasonCoded: null,
      outcome: "received",
      eventId: null,
      orderNo: null,
      providerTransactionId: null,
      providerStatus: null,
      amountMinor: null,
      currency: null,
      eventAt: null,
      delayMs: null,
      processedAt: null,
      processingMs: null,
      notification: null,
    });

    expect(r).toMatchObject({
      provider: "wechatpay",
      source: "notify",
      receivedAt: new Date("2026-11-26T09:32:00.000Z"),
      headers: { "wechatpay-serial": "S1" },
      body: `{"orderNo":"${orderNo}","cut":`,
      bodyBytes: 20_000,
      bodySha256: "a".repeat(64),
      bodyTruncated: true,
      bodySanitized: true,
      remoteAddr: "198.51.100.4",
      requestId: "req-rejected",
      verification: "rejected",
      rejectReason: "signature mismatch",
      rejectReasonCoded: { code: "callback.signature_mismatch" },
      outcome: "rejected",
      eventId: null,
      orderNo: null,
      providerTransactionId: null,
      providerStatus: null,
      amountMinor: null,
      currency: null,
      eventAt: null,
      delayMs: null,
      processedAt: new Date("2026-11-26T09:32:00.250Z"),
      processingMs: 250,
      notification: null,
    });

    expect(b).toMatchObject({
      provider: "stripe",
      verification: "verified",
      outcome: "ignored",
      remoteAddr: null,
      requestId: null,
      eventId: null,
      orderNo: null,
      providerTransactionId: null,
      providerStatus: "processing",
      amountMinor: null,
      currency: null,
      eventAt: new Date("2026-11-26T09:33:02.000Z"),
      delayMs: 0,
      processedAt: new Date("2026-11-26T09:32:59.000Z"),
      processingMs: 0,
      notification: { eventId: null, orderNo: null, state: "PENDING", providerStatus: "processing", eventAt: "2026-11-26T09:33:02.000Z", paidAt: null, facts: {} },
    });
  });

  it("an empty list is answered at once, without a statement (even inside a transaction that already failed)", async () => {
    expect(await insertProviderMessages(db(), [])).toEqual([]);
    const rollback = new Error("rollback");
    await expect(
      db().transaction(async (tx) => {
        await expect(tx.execute(sql`select 1 / 0`)).rejects.toThrow();
        // Any statement now fails with 25P02 (current transaction is aborted) until the rollback.
        await expect(tx.execute(sql`select 1`)).rejects.toThrow();
        expect(await insertProviderMessages(tx as unknown as Db, [])).toEqual([]);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });

  it("recordProviderMessage stores one message and returns its row's id", async () => {
    const marker = uniqueOrderNo("ONE");
    const id = await recordProviderMessage(db(), { provider: "sandbox", source: "query", headers: {}, body: `{"m":"${marker}"}`, receivedAt: new Date("2026-11-26T10:00:00.000Z"), requestId: "req-one" });
    const row = (await rowsById([id])).get(id);
    expect(row).toMatchObject({ body: `{"m":"${marker}"}`, source: "query", requestId: "req-one", verification: "pending", outcome: "received" });
  });
});

describe("recordRejectedMessage: a per-source allowance per window", () => {
  const refused = (marker: string, i: number, remoteAddr: string): ProviderMessageInput => ({
    provider: "sandbox",
    source: "notify",
    headers: { "content-type": "application/json" },
    body: { body: `{"m":"${marker}","i":${i}}`, bodyBytes: 9000 + i, bodySha256: "b".repeat(64), bodyTruncated: true, bodySanitized: false },
    receivedAt: new Date("2026-11-26T10:15:20.000Z"),
    remoteAddr,
    requestId: `req-${i}`,
    verification: "malformed",
    outcome: "malformed",
    rejectReason: "body contains NUL or invalid Unicode",
    rejectReasonCoded: reason("callback.unstorable_characters"),
    processedAt: new Date("2026-11-26T10:15:20.040Z"),
  });
  const counter = async (source: string, windowStart: Date) =>
    (await db().select().from(callbackRejectCounters).where(and(eq(callbackRejectCounters.source, source), eq(callbackRejectCounters.windowStart, windowStart))))[0]?.seen;
  const storedFor = async (marker: string) =>
    (await db().select().from(callbackEvents).where(sql`${callbackEvents.body} like ${"%" + marker + "%"}`)).sort((x, y) => x.id - y.id);

  it("stores the first perWindow messages of a source and window, only counts the rest", async () => {
    const marker = uniqueOrderNo("ALLOW");
    const source = `203.0.113.50-${marker}`;
    const window = new Date("2026-11-26T10:15:00.000Z");
    const limit = { source, windowStart: window, perWindow: 2 };
    const got: (number | null)[] = [];
    for (let i = 1; i <= 4; i++) got.push(await recordRejectedMessage(db(), refused(marker, i, "203.0.113.50"), limit));

    expect(got[0]).toEqual(expect.any(Number));
    expect(got[1]).toEqual(expect.any(Number));
    expect(got[0]).not.toBe(got[1]);
    expect(got.slice(2)).toEqual([null, null]);
    expect(await counter(source, window)).toBe(4);

    const stored = await storedFor(marker);
    expect(stored.map((r) => r.id)).toEqual([got[0], got[1]]);
    expect(stored.map((r) => r.body)).toEqual([`{"m":"${marker}","i":1}`, `{"m":"${marker}","i":2}`]);
    expect(stored[0]).toMatchObject({
      provider: "sandbox",
      source: "notify",
      receivedAt: new Date("2026-11-26T10:15:20.000Z"),
      headers: { "content-type": "application/json" },
      bodyBytes: 9001,
      bodySha256: "b".repeat(64),
      bodyTruncated: true,
      bodySanitized: false,
      remoteAddr: "203.0.113.50",
      requestId: "req-1",
      verification: "malformed",
      outcome: "malformed",
      rejectReason: "body contains NUL or invalid Unicode",
      rejectReasonCoded: { code: "callback.unstorable_characters" },
      eventId: null,
      orderNo: null,
      notification: null,
      delayMs: null,
      processedAt: new Date("2026-11-26T10:15:20.040Z"),
      processingMs: 40,
    });
  });

  it("counts each source and each window on its own", async () => {
    const marker = uniqueOrderNo("WIN");
    const a = `198.51.100.1-${marker}`;
    const b = `198.51.100.2-${marker}`;
    const w1 = new Date("2026-11-26T10:15:00.000Z");
    const w2 = new Date("2026-11-26T10:16:00.000Z");
    const first = await recordRejectedMessage(db(), refused(marker, 1, "198.51.100.1"), { source: a, windowStart: w1, perWindow: 1 });
    const overA = await recordRejectedMessage(db(), refused(marker, 2, "198.51.100.1"), { source: a, windowStart: w1, perWindow: 1 });
    const otherSource = await recordRejectedMessage(db(), refused(marker, 3, "198.51.100.2"), { source: b, windowStart: w1, perWindow: 1 });
    const nextWindow = await recordRejectedMessage(db(), refused(marker, 4, "198.51.100.1"), { source: a, windowStart: w2, perWindow: 1 });
    expect(overA).toBeNull();
    expect([first, otherSource, nextWindow].every((id) => typeof id === "number")).toBe(true);
    expect([await counter(a, w1), await counter(b, w1), await counter(a, w2)]).toEqual([2, 1, 1]);
    const stored = await storedFor(marker);
    expect(stored.map((r) => [r.id, r.requestId])).toEqual([
      [first, "req-1"],
      [otherSource, "req-3"],
      [nextWindow, "req-4"],
    ]);
  });

  it("an allowance of 0 stores nothing but still counts", async () => {
    const marker = uniqueOrderNo("ZERO");
    const source = `192.0.2.9-${marker}`;
    const window = new Date("2026-11-26T10:17:00.000Z");
    expect(await recordRejectedMessage(db(), refused(marker, 1, "192.0.2.9"), { source, windowStart: window, perWindow: 0 })).toBeNull();
    expect(await counter(source, window)).toBe(1);
    expect(await storedFor(marker)).toEqual([]);
  });
});
