import { asc, inArray, like, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLogs, callbackEvents, discrepancies, jobs, orders, paymentEvents } from "@/db/schema";
import type { MessageSource } from "@/lib/enums";
import type { ProviderNotification } from "@/server/providers/types";
import { useTestDb } from "@/test/db";
import { overrideEnv } from "@/test/override-env";
import { applyPaymentsInSql } from "./apply-payments-in-sql";
import { applyInboxBatch, drainInbox } from "./inbox-applier";
import { recordProviderMessage } from "./record-provider-message";

// applyPaymentsInSql takes the plain payments of a batch (and their resends) and decides them in one
// statement; applyMessages takes the rest in the same transaction. Together they must leave exactly what
// applyMessages alone leaves: the same outcomes and reasons, order columns, audit rows, fulfilment jobs,
// payment records and discrepancies. Each case below is built twice, in two "worlds" with their own order
// numbers and transaction ids, one applied each way, and the two results are compared with every id
// replaced by the message's place in the batch.

const db = useTestDb();
let restoreEnv: () => void = () => undefined;
beforeAll(() => {
  restoreEnv = overrideEnv({ CALLBACK_APPLY_IN_PROCESS: "false" });
});
afterAll(() => restoreEnv());

const PAID_AT = "2026-03-10T08:15:00.123Z";
const EVENT_AT = "2026-03-10T08:15:02.000Z";
const RECEIVED_AT = new Date("2026-03-10T20:00:00.456Z");

type OrderState = "CREATED" | "PAID" | "CLOSED" | "none" | "late";
interface Case {
  /** Per order: its state before the batch ("none": never registered; "late": registered after a payment we heard of first). */
  orders: { state: OrderState; amountMinor: number; currency: "CNY" | "USD" }[];
  messages: {
    order: number | null;
    tx: number | null;
    state: "PAID" | "CLOSED" | "FAILED" | "OTHER";
    amount: "order" | "other" | "null" | "absent";
    currency: "order" | "other" | "null" | "absent";
    paidAt: "set" | "eventAt" | "none";
    source: MessageSource;
    provider: "sandbox" | "alipay";
  }[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  orders: fc.array(
    fc.record({
      state: fc.constantFrom<OrderState>("CREATED", "CREATED", "CREATED", "PAID", "CLOSED", "none", "late"),
      amountMinor: fc.constantFrom(1999, 50_000),
      currency: fc.constantFrom<"CNY" | "USD">("CNY", "CNY", "USD"),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  messages: fc.array(
    fc.record({
      order: fc.option(fc.nat({ max: 3 }), { freq: 8 }),
      tx: fc.option(fc.nat({ max: 4 }), { freq: 6 }),
      state: fc.constantFrom<"PAID" | "CLOSED" | "FAILED" | "OTHER">("PAID", "PAID", "PAID", "PAID", "CLOSED", "FAILED", "OTHER"),
      amount: fc.constantFrom<"order" | "other" | "null" | "absent">("order", "order", "order", "order", "other", "null", "absent"),
      currency: fc.constantFrom<"order" | "other" | "null" | "absent">("order", "order", "order", "null", "other", "absent"),
      paidAt: fc.constantFrom<"set" | "eventAt" | "none">("set", "set", "eventAt", "none"),
      source: fc.constantFrom<MessageSource>("notify", "notify", "notify", "query"),
      provider: fc.constantFrom<"sandbox" | "alipay">("sandbox", "sandbox", "sandbox", "alipay"),
    }),
    { minLength: 1, maxLength: 12 },
  ),
});

/** A message of a hand-written case: a notified payment of the order's amount and currency unless told otherwise. */
const paidMessage = (order: number | null, tx: number, over: Partial<Case["messages"][number]> = {}): Case["messages"][number] => ({
  order,
  tx,
  state: "PAID",
  amount: "order",
  currency: "order",
  paidAt: "set",
  source: "notify",
  provider: "sandbox",
  ...over,
});

let worldSeq = 0;

/** The order numbers, transaction ids and messages of one world; returns the messages' ids in batch order. */
async function build(c: Case, world: string): Promise<{ ids: number[]; orderNos: string[]; txPrefix: string }> {
  const orderNos = c.orders.map((_, i) => `${world}O${i}`);
  const txPrefix = `${world}T`;
  const tx = (n: number) => `${txPrefix}${n}`;
  const stored = (n: ProviderNotification, m: { source: MessageSource; provider: "sandbox" | "alipay" }) =>
    recordProviderMessage(db(), { provider: m.provider, source: m.source, headers: {}, body: JSON.stringify(n), receivedAt: RECEIVED_AT, verification: "verified", outcome: "received", notification: n });
  const note = (orderNo: string | null, over: Partial<ProviderNotification> & { state: ProviderNotification["state"] }): ProviderNotification => ({
    eventId: null,
    dedupeKey: `${over.transactionId ?? orderNo}:${over.state}`,
    orderNo,
    transactionId: null,
    providerStatus: over.state === "PAID" ? "TRADE_SUCCESS" : over.state,
    amountMinor: 1999,
    currency: "CNY",
    eventAt: new Date(EVENT_AT),
    paidAt: null,
    facts: {},
    ...over,
  });
  for (const [i, o] of c.orders.entries()) {
    const orderNo = orderNos[i]!;
    if (o.state === "none") continue;
    if (o.state === "late") {
      // A payment heard of before its order existed: an open "missing internal" item waits for transaction 0.
      await stored(note(orderNo, { state: "PAID", transactionId: tx(0), amountMinor: o.amountMinor, currency: o.currency, paidAt: new Date(PAID_AT) }), { source: "notify", provider: "sandbox" });
      await drainInbox(db());
    }
    await db()
      .insert(orders)
      .values({ orderNo, userId: "u-sql-apply", amountMinor: o.amountMinor, currency: o.currency, provider: "sandbox", status: o.state === "CLOSED" ? "CLOSED" : "CREATED" });
    if (o.state === "PAID") {
      // Paid before the batch by transaction 1 (a payment record exists for its key).
      await stored(note(orderNo, { state: "PAID", transactionId: tx(1), amountMinor: o.amountMinor, currency: o.currency, paidAt: new Date(PAID_AT) }), { source: "notify", provider: "sandbox" });
      await drainInbox(db());
    }
  }
  const ids: number[] = [];
  for (const m of c.messages) {
    const order = m.order === null ? null : c.orders[m.order % c.orders.length]!;
    const orderNo = m.order === null ? null : orderNos[m.order % c.orders.length]!;
    const n = note(orderNo, {
      state: m.state,
      transactionId: m.tx === null ? null : tx(m.tx),
      amountMinor: m.amount === "order" ? (order?.amountMinor ?? 1999) : m.amount === "other" ? 1 : null,
      currency: m.currency === "order" ? (order?.currency ?? "CNY") : m.currency === "other" ? "EUR" : null,
      paidAt: m.paidAt === "set" ? new Date(PAID_AT) : null,
      eventAt: m.paidAt === "none" ? null : new Date(EVENT_AT),
      ...(m.state === "OTHER" ? { providerStatus: "REFUND.SUCCESS" } : {}),
    });
    // "absent": the key missing from the stored notification altogether (not null).
    const partial: Partial<ProviderNotification> = { ...n };
    if (m.amount === "absent") delete partial.amountMinor;
    if (m.currency === "absent") delete partial.currency;
    ids.push(await stored(partial as ProviderNotification, m));
  }
  return { ids, orderNos, txPrefix };
}

/** What the batch left, with ids as places in the batch and the world's names as placeholders. */
async function snapshot(w: { ids: number[]; orderNos: string[]; txPrefix: string }, world: string) {
  const place = new Map(w.ids.map((id, i) => [id, `m${i}`]));
  const name = (v: unknown): unknown => {
    if (typeof v === "string") return v.replaceAll(world, "W");
    if (Array.isArray(v)) return v.map(name);
    if (v && typeof v === "object" && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "callbackEventId" || k === "firstMessageId" ? (place.get(Number(x)) ?? (x === null ? null : "earlier")) : name(x)]));
    }
    return v;
  };
  const detail = (d: string | null) => (d === null ? null : d.replace(/#(\d+)/g, (_, id: string) => `#${place.get(Number(id)) ?? "earlier"}`));
  const messages = await db().select().from(callbackEvents).where(inArray(callbackEvents.id, w.ids)).orderBy(asc(callbackEvents.id));
  const orderRows = await db().select().from(orders).where(inArray(orders.orderNo, w.orderNos)).orderBy(asc(orders.orderNo));
  const events = await db().select().from(paymentEvents).where(inArray(paymentEvents.orderNo, w.orderNos)).orderBy(asc(paymentEvents.id));
  const audits = await db().select().from(auditLogs).where(inArray(auditLogs.entityId, w.orderNos)).orderBy(asc(auditLogs.id));
  const fulfil = await db().select().from(jobs).where(inArray(jobs.orderNo, w.orderNos)).orderBy(asc(jobs.id));
  const items = await db().select().from(discrepancies).where(like(discrepancies.providerTransactionId, `${w.txPrefix}%`)).orderBy(asc(discrepancies.id));
  // Rows of different orders written in one transaction have no order among them (applyMessages writes a
  // close as it meets it and the payments at the end; the SQL path writes its payments first): compared as sets.
  const set = (rows: unknown[]) =>
    rows
      .map(name)
      .map((r) => [JSON.stringify(r), r] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => r);
  return {
    messages: messages.map((m) => name({ outcome: m.outcome, detail: detail(m.outcomeDetail), coded: m.outcomeDetailCoded, processed: m.processedAt !== null })),
    orders: orderRows.map((o) => name({ orderNo: o.orderNo, status: o.status, tx: o.providerTransactionId, paidAt: o.paidAt?.toISOString() ?? null, via: o.paidVia, review: o.needsReview })),
    events: set(events.map((e) => ({ provider: e.provider, key: e.dedupeKey, message: place.get(e.callbackEventId) ?? "earlier", orderNo: e.orderNo, tx: e.providerTransactionId, status: e.providerStatus, result: e.result }))),
    audits: set(audits.map((a) => ({ actor: a.actorLabel, action: a.action, entity: a.entityId, before: a.before, after: a.after, requestId: a.requestId, actorId: a.actorId }))),
    jobs: set(fulfil.map((j) => ({ type: j.type, payload: j.payload, key: j.dedupeKey, orderNo: j.orderNo, maxAttempts: j.maxAttempts }))),
    discrepancies: set(items.map((d) => ({ type: d.type, status: d.status, orderNo: d.orderNo, tx: d.providerTransactionId, message: d.callbackEventId === null ? null : (place.get(d.callbackEventId) ?? "earlier"), resolution: d.resolution }))),
  };
}

async function run(c: Case, inSql: boolean) {
  // Nothing of an earlier case may wait in the inbox: the batch below must be this case's alone.
  await drainInbox(db());
  const world = `SQ${inSql ? "S" : "J"}${++worldSeq}X`;
  const w = await build(c, world);
  // The batch under test, whole: every message claimed by one applyInboxBatch.
  expect(await applyInboxBatch(db(), 50, { inSql })).toBe(w.ids.length);
  return snapshot(w, world);
}

describe("payments applied in SQL", () => {
  it("leave exactly what applyMessages alone leaves, for any batch", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const inSql = await run(c, true);
        const inJs = await run(c, false);
        expect(inSql).toEqual(inJs);
      }),
      { numRuns: 60 },
    );
  });

  it("take the batch's plain payments and their resends themselves, and nothing else", async () => {
    // The property above would hold if the SQL path never took anything: here it must take these three.
    const plain: Case = {
      orders: [
        { state: "CREATED", amountMinor: 1999, currency: "CNY" },
        { state: "CREATED", amountMinor: 50_000, currency: "USD" },
      ],
      messages: [paidMessage(0, 1), paidMessage(0, 1), paidMessage(1, 2, { currency: "null", paidAt: "none", source: "query" })],
    };
    const world = `SQT${++worldSeq}X`;
    const w = await build(plain, world);
    expect([...(await inSqlOnly(w.ids))].sort((a, b) => a - b)).toEqual(w.ids);
    const snap = (await snapshot(w, world)) as { messages: { outcome: string; detail: string }[]; audits: { actor: string; after: Record<string, unknown> }[] };
    expect(snap.messages.map((m) => [m.outcome, m.detail])).toEqual([
      ["applied", "CREATED → PAID (TRADE_SUCCESS)"],
      ["duplicate", "already handled (message #m0)"],
      ["applied", "CREATED → PAID (TRADE_SUCCESS)"],
    ]);
    expect(snap.audits.map((a) => a.actor)).toEqual(["system:callback:sandbox", "system:status-query:sandbox"]);
    // Paid at: the provider's payment time; without one, the time of receipt (as a Date prints it).
    expect(snap.audits.map((a) => a.after.paidAt)).toEqual([PAID_AT, RECEIVED_AT.toISOString()]);

    // Each of these is applyMessages' to decide: the SQL path leaves them untouched.
    const others: Case = {
      orders: [
        { state: "CREATED", amountMinor: 1999, currency: "CNY" },
        { state: "CLOSED", amountMinor: 1999, currency: "CNY" },
        { state: "PAID", amountMinor: 1999, currency: "CNY" },
        { state: "late", amountMinor: 1999, currency: "CNY" },
      ],
      // The wrong amount; a closed order; a second payment; a payment heard of before its order; no order at all.
      messages: [paidMessage(0, 6, { amount: "other" }), paidMessage(1, 2), paidMessage(2, 3), paidMessage(3, 0), paidMessage(null, 4)],
    };
    const world2 = `SQT${++worldSeq}X`;
    const w2 = await build(others, world2);
    expect([...(await inSqlOnly(w2.ids))]).toEqual([]);
    const left = (await snapshot(w2, world2)) as { messages: { outcome: string }[] };
    expect(left.messages.map((m) => m.outcome)).toEqual(["received", "received", "received", "received", "received"]);
    await drainInbox(db());
  });
});

/** applyPaymentsInSql alone on messages locked as the applier locks them; returns the ids it took. */
function inSqlOnly(ids: number[]): Promise<Set<number>> {
  return db().transaction(async (tx) => {
    await tx.execute(sql`SELECT id FROM callback_events WHERE id = ANY(${sql.param(ids)}::bigint[]) ORDER BY id FOR UPDATE`);
    return applyPaymentsInSql(tx, ids);
  });
}
