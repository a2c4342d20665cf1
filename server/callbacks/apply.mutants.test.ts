import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, callbackEvents, discrepancies, jobs, orders, paymentEvents, refunds, type Order } from "@/db/schema";
import type { MessageSource, Provider } from "@/lib/enums";
import { log } from "@/server/lib/log";
import { rowsOf } from "@/server/lib/sql";
import { registerOrder } from "@/server/orders/register-order";
import type { ProviderNotification } from "@/server/providers/types";
import { uniqueOrderNo } from "@/test/callbacks";
import { isPostgresRun, useTestDb } from "@/test/db";
import { overrideEnv } from "@/test/override-env";
import { applyMessages, applyNotification, notificationFromJson } from "./apply-notification";
import {
  APPLY_BATCH,
  APPLY_CONCURRENCY,
  applyInboxBatch,
  drainInbox,
  processInboxApplier,
  requeueWaitingMessages,
  settleInbox,
  startInboxApplier,
  stopProcessInboxApplier,
} from "./inbox-applier";
import { recordProviderMessage } from "./record-provider-message";
import { writeMessageOutcomes } from "./write-message-outcomes";

// The asynchronous apply step (docs/adr/0003-callback-intake.md, points 4–7): messages stored verified wait in
// the inbox (callback_events, outcome 'received'); the applier claims them, applies each verified event to
// its order exactly once and writes every message's outcome. Messages are put into the inbox directly, with
// the notification a provider adapter would have parsed, so every fact (amounts, times, ids, states) is ours
// to choose and each stored column can be checked by value.

const db = useTestDb();
let restoreEnv: () => void = () => undefined;

// Orders whose guarded update the database silently skips (a BEFORE trigger returning NULL): the "cannot
// happen under the row lock" branches. Orders whose payment record the database refuses: a message that
// cannot be applied. Waiting messages of BADSWEEP orders cannot be put back into the inbox.
beforeAll(async () => {
  // This file drives the appliers itself; no in-process applier started by registerOrder.
  restoreEnv = overrideEnv({ CALLBACK_APPLY_IN_PROCESS: "false" });
  await db().execute(sql.raw(`CREATE FUNCTION test_skip_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`));
  await db().execute(
    sql.raw(`CREATE TRIGGER test_skip_order_update BEFORE UPDATE ON orders FOR EACH ROW WHEN (OLD.order_no LIKE 'SKIPUPD%') EXECUTE FUNCTION test_skip_update()`),
  );
  await db().execute(sql.raw(`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the apply test'; END $$`));
  await db().execute(
    sql.raw(`CREATE TRIGGER test_refuse_payment_event BEFORE INSERT ON payment_events FOR EACH ROW WHEN (NEW.order_no LIKE 'BADAPPLY%') EXECUTE FUNCTION test_refuse()`),
  );
  await db().execute(
    sql.raw(
      `CREATE TRIGGER test_refuse_requeue BEFORE UPDATE ON callback_events FOR EACH ROW WHEN (OLD.order_no LIKE 'BADSWEEP%' AND OLD.outcome = 'unknown_order' AND NEW.outcome = 'received') EXECUTE FUNCTION test_refuse()`,
    ),
  );
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  // Messages a test deliberately left in the inbox (or waiting for an order that exists by now) must not be
  // applied by the next test's drain and change its counts.
  await db().execute(sql`DELETE FROM callback_events c WHERE c.verification = 'verified' AND c.outcome = 'received'
    AND NOT EXISTS (SELECT 1 FROM payment_events p WHERE p.callback_event_id = c.id) AND NOT EXISTS (SELECT 1 FROM discrepancies d WHERE d.callback_event_id = c.id)`);
  await drainInbox(db());
  expect(await inboxIds()).toEqual([]);
});

afterAll(async () => {
  await stopProcessInboxApplier();
  restoreEnv();
});

const PAID_AT = new Date("2026-03-10T08:15:00.000Z"); // 16:15 in Shanghai, business day 2026-03-10
const EVENT_AT = new Date("2026-03-10T08:15:02.000Z");
// 20:00 UTC is already the next day in Shanghai: a business date taken from it differs from one taken from PAID_AT.
const RECEIVED_AT = new Date("2026-03-10T20:00:00.000Z");

let eventSeq = 0;
/** A verified PAID notification for `orderNo` (transaction TX-<orderNo>, 1999 CNY) unless overridden. */
function paidNote(orderNo: string | null, over: Partial<ProviderNotification> = {}): ProviderNotification {
  const transactionId = over.transactionId !== undefined ? over.transactionId : `TX-${orderNo}`;
  const state = over.state ?? "PAID";
  return {
    eventId: `ev-${++eventSeq}`,
    dedupeKey: `${transactionId ?? orderNo}:${state}`,
    orderNo,
    transactionId,
    state,
    providerStatus: state === "PAID" ? "SUCCESS" : state,
    amountMinor: 1999,
    currency: "CNY",
    eventAt: EVENT_AT,
    paidAt: state === "PAID" ? PAID_AT : null,
    facts: {},
    ...over,
  };
}

/** Stores a verified message waiting in the inbox, as the intake does; returns its id. */
function toInbox(n: ProviderNotification, opts: { provider?: Provider; source?: MessageSource; receivedAt?: Date } = {}): Promise<number> {
  return recordProviderMessage(db(), {
    provider: opts.provider ?? "sandbox",
    source: opts.source ?? "notify",
    headers: {},
    body: JSON.stringify(n),
    receivedAt: opts.receivedAt ?? RECEIVED_AT,
    verification: "verified",
    outcome: "received",
    notification: n,
  });
}

/** An order as the fixture needs it (inserted directly: no requeue, no audit). */
async function newOrder(over: Partial<typeof orders.$inferInsert> & { orderNo?: string } = {}): Promise<Order> {
  const [o] = await db()
    .insert(orders)
    .values({ orderNo: over.orderNo ?? uniqueOrderNo("AP"), userId: "u-apply", amountMinor: 1999, currency: "CNY", provider: "sandbox", ...over })
    .returning();
  return o!;
}

/** A wechatpay refund of the whole order, sent to the provider and waiting for its result. */
async function processingRefund(order: Order, refundNo: string): Promise<void> {
  await db().insert(refunds).values({
    refundNo,
    orderId: order.id,
    orderNo: order.orderNo,
    provider: "wechatpay",
    userId: order.userId,
    kind: "refund",
    amountMinor: 1999,
    currency: "CNY",
    reasonCode: "deducted_but_failed",
    status: "processing",
    requestedBy: "test",
    requestedByLabel: "test",
  });
}

const messageOf = async (id: number) => (await db().select().from(callbackEvents).where(eq(callbackEvents.id, id)))[0]!;
const orderOf = async (orderNo: string) => (await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!;
const paymentEventsOf = (orderNo: string) => db().select().from(paymentEvents).where(eq(paymentEvents.orderNo, orderNo)).orderBy(asc(paymentEvents.id));
const fulfilJobsOf = (orderNo: string) => db().select().from(jobs).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, "order.fulfil")));
const orderAudits = (orderNo: string) =>
  db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "order"), eq(auditLogs.entityId, orderNo))).orderBy(asc(auditLogs.id));
const discrepanciesOfTx = (transactionId: string) => db().select().from(discrepancies).where(eq(discrepancies.providerTransactionId, transactionId));
const discrepancyAudits = (id: number) =>
  db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "discrepancy"), eq(auditLogs.entityId, String(id)))).orderBy(asc(auditLogs.id));
const inboxIds = async () => (await db().select({ id: callbackEvents.id }).from(callbackEvents).where(and(eq(callbackEvents.verification, "verified"), eq(callbackEvents.outcome, "received"))).orderBy(asc(callbackEvents.id))).map((r) => r.id);
/** Rows changed by one transaction carry the same xmin: which messages were applied together. */
async function xminGroups(ids: number[]): Promise<number[][]> {
  const rows = rowsOf<{ id: number | string; x: string }>(await db().execute(sql`SELECT id, xmin::text AS x FROM callback_events WHERE id = ANY(${sql.param(ids)}::bigint[]) ORDER BY id`));
  const groups = new Map<string, number[]>();
  for (const r of rows) groups.set(r.x, [...(groups.get(r.x) ?? []), Number(r.id)]);
  return [...groups.values()];
}
/** Whether a column holds SQL NULL (a jsonb 'null' would read back as null in JS too). */
async function isSqlNull(id: number, column: "outcome_detail_coded" | "delay_ms" | "event_at"): Promise<boolean> {
  const [r] = rowsOf<{ n: boolean }>(await db().execute(sql`SELECT ${sql.raw(column)} IS NULL AS n FROM callback_events WHERE id = ${id}`));
  return r!.n;
}

/** The one message waiting is applied by one batch; returns its stored row. */
async function applyOne(n: ProviderNotification, opts: { provider?: Provider; source?: MessageSource; receivedAt?: Date } = {}) {
  const id = await toInbox(n, opts);
  expect(await applyInboxBatch(db())).toBe(1);
  return { id, row: await messageOf(id) };
}

describe("a payment for a CREATED order", () => {
  it("marks it PAID once: outcome, order columns, audit row, payment record and one fulfilment job", async () => {
    const order = await newOrder({ needsReview: true, reviewReason: "waited too long", reviewReasonCoded: { code: "outcome.order_registered" } });
    const n = paidNote(order.orderNo);
    const { id, row } = await applyOne(n);

    expect(row).toMatchObject({ verification: "verified", outcome: "applied", outcomeDetail: "CREATED → PAID (SUCCESS)" });
    expect(row.outcomeDetailCoded).toEqual({ code: "outcome.applied_paid", params: { providerStatus: "SUCCESS" } });
    expect(row.processedAt).toBeInstanceOf(Date);
    expect(row.processingMs).toBeGreaterThanOrEqual(0);

    const paid = await orderOf(order.orderNo);
    expect(paid).toMatchObject({ status: "PAID", providerTransactionId: `TX-${order.orderNo}`, paidAt: PAID_AT, paidVia: "notify", needsReview: false, reviewReason: null, reviewReasonCoded: null });

    const audits = await orderAudits(order.orderNo);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "order.paid", actorId: null, actorLabel: "system:callback:sandbox", before: { status: "CREATED" } });
    expect(audits[0]!.after).toEqual({ status: "PAID", providerTransactionId: `TX-${order.orderNo}`, paidAt: PAID_AT.toISOString(), via: "notify", callbackEventId: id });

    const events = await paymentEventsOf(order.orderNo);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      provider: "sandbox",
      dedupeKey: `TX-${order.orderNo}:PAID`,
      callbackEventId: id,
      orderNo: order.orderNo,
      providerTransactionId: `TX-${order.orderNo}`,
      providerStatus: "SUCCESS",
      result: "applied",
    });

    const fulfil = await fulfilJobsOf(order.orderNo);
    expect(fulfil).toHaveLength(1);
    expect(fulfil[0]).toMatchObject({ status: "pending", payload: { orderNo: order.orderNo }, dedupeKey: `fulfil:${order.orderNo}`, orderNo: order.orderNo, maxAttempts: 4 });
    expect(await discrepanciesOfTx(`TX-${order.orderNo}`)).toHaveLength(0);
  });

  it("is paid at the event time when the provider gives no payment time, else at our receipt time", async () => {
    const byEvent = await newOrder();
    await applyOne(paidNote(byEvent.orderNo, { paidAt: null }));
    expect((await orderOf(byEvent.orderNo)).paidAt).toEqual(EVENT_AT);

    const byReceipt = await newOrder();
    const { id } = await applyOne(paidNote(byReceipt.orderNo, { paidAt: null, eventAt: null }));
    expect((await orderOf(byReceipt.orderNo)).paidAt).toEqual(RECEIVED_AT);
    expect((await orderAudits(byReceipt.orderNo))[0]!.after).toMatchObject({ paidAt: RECEIVED_AT.toISOString(), callbackEventId: id });
  });

  it("without a currency in the message, the right amount pays the order (no currency to disagree with)", async () => {
    const order = await newOrder();
    const { row } = await applyOne(paidNote(order.orderNo, { currency: null }));
    expect(row.outcome).toBe("applied");
    expect((await orderOf(order.orderNo)).status).toBe("PAID");
  });

  it("learnt through a status query (applyNotification): verified with its facts, via 'query', and the stored order returned", async () => {
    const order = await newOrder();
    const n = paidNote(order.orderNo);
    // Status-query answers are stored before verification, without facts.
    const id = await recordProviderMessage(db(), { provider: "sandbox", source: "query", headers: {}, body: "{}", receivedAt: RECEIVED_AT });
    const result = await applyNotification(db(), { callbackEventId: id, provider: "sandbox", source: "query", receivedAt: RECEIVED_AT, notification: n });

    const stored = await orderOf(order.orderNo);
    expect(stored).toMatchObject({ status: "PAID", paidVia: "query", paidAt: PAID_AT });
    expect(result).toEqual({ outcome: "applied", detail: "CREATED → PAID (SUCCESS)", reason: { code: "outcome.applied_paid", params: { providerStatus: "SUCCESS" } }, order: stored });
    const audits = await orderAudits(order.orderNo);
    expect(audits.map((a) => [a.action, a.actorLabel])).toEqual([["order.paid", "system:status-query:sandbox"]]);
    expect(audits[0]!.after).toMatchObject({ via: "query", callbackEventId: id });

    const row = await messageOf(id);
    expect(row).toMatchObject({
      verification: "verified",
      outcome: "applied",
      outcomeDetail: "CREATED → PAID (SUCCESS)",
      orderNo: order.orderNo,
      eventId: n.eventId,
      providerTransactionId: `TX-${order.orderNo}`,
      providerStatus: "SUCCESS",
      amountMinor: 1999,
      currency: "CNY",
      eventAt: EVENT_AT,
      // received 11 h 44 min 58 s after the event
      delayMs: RECEIVED_AT.getTime() - EVENT_AT.getTime(),
    });
    expect(row.outcomeDetailCoded).toEqual({ code: "outcome.applied_paid", params: { providerStatus: "SUCCESS" } });
  });
});

describe("each verified event changes its order exactly once", () => {
  it("a copy applied in a later batch is a duplicate naming the first message; nothing is written twice", async () => {
    const order = await newOrder();
    const n = paidNote(order.orderNo);
    const { id: first } = await applyOne(n);
    const { row } = await applyOne({ ...n, eventId: "resent" });
    expect(row).toMatchObject({ outcome: "duplicate", outcomeDetail: `already handled (message #${first})` });
    expect(row.outcomeDetailCoded).toEqual({ code: "outcome.duplicate_message", params: { firstMessageId: first } });
    expect(await paymentEventsOf(order.orderNo)).toHaveLength(1);
    expect((await orderAudits(order.orderNo)).map((a) => a.action)).toEqual(["order.paid"]);
    expect(await fulfilJobsOf(order.orderNo)).toHaveLength(1);
  });

  it("copies in one batch: the first applies, the others are duplicates of it, all in one transaction", async () => {
    const order = await newOrder();
    const n = paidNote(order.orderNo);
    const ids = [await toInbox(n), await toInbox({ ...n, eventId: "copy-2" }), await toInbox({ ...n, eventId: "copy-3" })];
    expect(await applyInboxBatch(db())).toBe(3);
    const rows = await Promise.all(ids.map(messageOf));
    expect(rows.map((r) => [r.outcome, r.outcomeDetail])).toEqual([
      ["applied", "CREATED → PAID (SUCCESS)"],
      ["duplicate", `already handled (message #${ids[0]})`],
      ["duplicate", `already handled (message #${ids[0]})`],
    ]);
    expect(await xminGroups(ids)).toEqual([ids]);
    expect(await paymentEventsOf(order.orderNo)).toHaveLength(1);
    expect(await fulfilJobsOf(order.orderNo)).toHaveLength(1);
  });

  it("applyMessages on its own: a repeat within the inputs is a duplicate of the earlier one and returns the order as paid", async () => {
    const order = await newOrder({ needsReview: true, reviewReason: "late" });
    const n = paidNote(order.orderNo);
    // The same payment under another dedupe key (a provider that changed its event identity): the order is
    // already PAID by this transaction within the batch.
    const renamed = { ...n, dedupeKey: "other-identity" };
    const a = await toInbox(n);
    const b = await toInbox(n);
    const c = await toInbox(renamed);
    const input = (callbackEventId: number, notification: ProviderNotification) => ({ callbackEventId, provider: "sandbox" as const, source: "notify" as const, receivedAt: RECEIVED_AT, notification });
    const results = await db().transaction((tx) => applyMessages(tx, [input(a, n), input(b, n), input(c, renamed)]));
    const stored = await orderOf(order.orderNo);
    expect(results[0]).toEqual({ outcome: "applied", detail: "CREATED → PAID (SUCCESS)", reason: { code: "outcome.applied_paid", params: { providerStatus: "SUCCESS" } }, order: stored });
    expect(results[1]).toMatchObject({ outcome: "duplicate", detail: `already handled (message #${a})`, reason: { code: "outcome.duplicate_message", params: { firstMessageId: a } } });
    expect(results[2]).toMatchObject({ outcome: "duplicate", detail: "order already PAID", reason: { code: "outcome.already_settled", params: { status: "PAID" } } });
    // Later messages of the batch see the order as the payment leaves it.
    for (const r of results.slice(1)) {
      expect(r.order).toMatchObject({ orderNo: order.orderNo, status: "PAID", providerTransactionId: `TX-${order.orderNo}`, paidAt: PAID_AT, paidVia: "notify", needsReview: false, reviewReason: null, reviewReasonCoded: null });
    }
    expect((await paymentEventsOf(order.orderNo)).map((e) => [e.dedupeKey, e.result])).toEqual([
      [`TX-${order.orderNo}:PAID`, "applied"],
      ["other-identity", "duplicate"],
    ]);
    await writeMessageOutcomes(db(), [a, b, c].map((id) => ({ id, outcome: "ignored" as const, detail: "applied by the test" })));
  });

  it("the same dedupe key from another provider is another event", async () => {
    const order = await newOrder();
    const n = paidNote(order.orderNo);
    await applyOne(n);
    const other = await newOrder();
    // Same key text, other provider, other order: not a duplicate of the sandbox's event.
    const { id, row } = await applyOne({ ...n, orderNo: other.orderNo, transactionId: `TX-${other.orderNo}` }, { provider: "alipay" });
    expect(row.outcome).toBe("applied");
    expect((await orderOf(other.orderNo)).status).toBe("PAID");
    expect((await orderAudits(other.orderNo))[0]!.actorLabel).toBe("system:callback:alipay");
    expect(await paymentEventsOf(other.orderNo)).toMatchObject([{ provider: "alipay", dedupeKey: n.dedupeKey, callbackEventId: id }]);
  });

  it("two orders in one batch each get their own payment, audit row and fulfilment job", async () => {
    const [o1, o2] = [await newOrder(), await newOrder({ amountMinor: 500 })];
    const ids = [await toInbox(paidNote(o1.orderNo)), await toInbox(paidNote(o2.orderNo, { amountMinor: 500 }))];
    expect(await applyInboxBatch(db())).toBe(2);
    expect((await Promise.all(ids.map(messageOf))).map((r) => r.outcome)).toEqual(["applied", "applied"]);
    for (const [o, id] of [
      [o1, ids[0]],
      [o2, ids[1]],
    ] as const) {
      expect(await orderOf(o.orderNo)).toMatchObject({ status: "PAID", providerTransactionId: `TX-${o.orderNo}` });
      expect((await orderAudits(o.orderNo)).map((a) => (a.after as { callbackEventId: number }).callbackEventId)).toEqual([id]);
      expect(await fulfilJobsOf(o.orderNo)).toHaveLength(1);
    }
  });

  it("a second payment and a close in the batch that paid the order see it PAID", async () => {
    const order = await newOrder();
    const first = await toInbox(paidNote(order.orderNo, { transactionId: "TX-FIRST" }));
    const second = await toInbox(paidNote(order.orderNo, { transactionId: "TX-SECOND" }));
    const close = await toInbox(paidNote(order.orderNo, { state: "CLOSED", transactionId: "TX-FIRST" }));
    expect(await applyInboxBatch(db())).toBe(3);
    expect((await Promise.all([first, second, close].map(messageOf))).map((r) => [r.outcome, r.outcomeDetail])).toEqual([
      ["applied", "CREATED → PAID (SUCCESS)"],
      ["discrepancy", "second payment TX-SECOND; order was paid by TX-FIRST"],
      ["ignored", "provider says closed; order is PAID"],
    ]);
    expect(await xminGroups([first, second, close])).toEqual([[first, second, close]]);
    const [d] = await discrepanciesOfTx("TX-SECOND");
    expect(d).toMatchObject({ type: "duplicate_payment", orderNo: order.orderNo, callbackEventId: second });
    // What the order looked like when the second payment was compared with it: paid by the first.
    expect(d!.ourFacts).toEqual({ status: "PAID", amountMinor: 1999, currency: "CNY", providerTransactionId: "TX-FIRST", paidAt: PAID_AT.toISOString(), closedAt: null });
    expect(await orderOf(order.orderNo)).toMatchObject({ status: "PAID", providerTransactionId: "TX-FIRST" });
  });
});

describe("payments that never mark an order paid and always leave a discrepancy", () => {
  it("an amount mismatch: the discrepancy row with both amounts, its audit row, and the order untouched", async () => {
    const order = await newOrder();
    const n = paidNote(order.orderNo, { amountMinor: 1990, facts: { buyer: "b-1" } });
    const { id, row } = await applyOne(n);
    const amounts = { paid: { amountMinor: 1990, currency: "CNY" }, expected: { amountMinor: 1999, currency: "CNY" } };
    expect(row).toMatchObject({ outcome: "discrepancy", outcomeDetail: "paid 1990, order is 1999 (minor units)" });
    expect(row.outcomeDetailCoded).toEqual({ code: "discrepancy.amount_mismatch", params: amounts });

    const ds = await discrepanciesOfTx(`TX-${order.orderNo}`);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({
      type: "amount_mismatch",
      risk: "high",
      status: "open",
      provider: "sandbox",
      orderNo: order.orderNo,
      expectedAmountMinor: 1999,
      actualAmountMinor: 1990,
      currency: "CNY",
      callbackEventId: id,
      source: "realtime",
      businessDate: "2026-03-10",
      differenceMinor: 9,
    });
    expect(ds[0]!.detailCoded).toEqual({ code: "discrepancy.amount_mismatch", params: amounts });
    expect(ds[0]!.ourFacts).toEqual({ status: "CREATED", amountMinor: 1999, currency: "CNY", providerTransactionId: null, paidAt: null, closedAt: null });
    expect(ds[0]!.providerFacts).toEqual({
      state: "PAID",
      providerStatus: "SUCCESS",
      transactionId: `TX-${order.orderNo}`,
      amountMinor: 1990,
      currency: "CNY",
      paidAt: PAID_AT.toISOString(),
      eventId: n.eventId,
      buyer: "b-1",
    });
    expect((await discrepancyAudits(ds[0]!.id)).map((a) => [a.action, a.actorLabel])).toEqual([["discrepancy.create", "system:callback:sandbox"]]);

    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await orderAudits(order.orderNo)).toEqual([]);
    expect(await fulfilJobsOf(order.orderNo)).toEqual([]);
    expect(await paymentEventsOf(order.orderNo)).toMatchObject([{ callbackEventId: id, result: "discrepancy" }]);
  });

  it("an amount mismatch without a currency compares in the order's currency; without times its business day is our receipt's", async () => {
    const order = await newOrder({ amountMinor: 700, currency: "USD" });
    const { row } = await applyOne(paidNote(order.orderNo, { amountMinor: 500, currency: null, paidAt: null, eventAt: null }));
    const coded = { code: "discrepancy.amount_mismatch", params: { paid: { amountMinor: 500, currency: "USD" }, expected: { amountMinor: 700, currency: "USD" } } };
    expect(row).toMatchObject({ outcome: "discrepancy", outcomeDetail: "paid 500, order is 700 (minor units)", outcomeDetailCoded: coded });
    const [d] = await discrepanciesOfTx(`TX-${order.orderNo}`);
    // RECEIVED_AT is 2026-03-11 04:00 in Shanghai.
    expect(d).toMatchObject({ type: "amount_mismatch", currency: "USD", differenceMinor: 200, businessDate: "2026-03-11", detailCoded: coded });
    expect((await orderOf(order.orderNo)).status).toBe("CREATED");
  });

  it("a payment without an amount is an amount mismatch (amount missing), the whole order at stake", async () => {
    const order = await newOrder();
    const { row } = await applyOne(paidNote(order.orderNo, { amountMinor: null }));
    const coded = { code: "discrepancy.amount_missing", params: { expected: { amountMinor: 1999, currency: "CNY" } } };
    expect(row).toMatchObject({ outcome: "discrepancy", outcomeDetail: "paid unknown, order is 1999 (minor units)", outcomeDetailCoded: coded });
    const [d] = await discrepanciesOfTx(`TX-${order.orderNo}`);
    expect(d).toMatchObject({ type: "amount_mismatch", risk: "high", actualAmountMinor: null, expectedAmountMinor: 1999, differenceMinor: 1999, detailCoded: coded });
    expect((await orderOf(order.orderNo)).status).toBe("CREATED");
  });

  it("a currency mismatch, even with the right number", async () => {
    const order = await newOrder();
    const { id, row } = await applyOne(paidNote(order.orderNo, { currency: "USD" }));
    const coded = { code: "discrepancy.currency_mismatch", params: { paidCurrency: "USD", orderCurrency: "CNY" } };
    expect(row).toMatchObject({ outcome: "discrepancy", outcomeDetail: "paid in USD, order is in CNY", outcomeDetailCoded: coded });
    const [d] = await discrepanciesOfTx(`TX-${order.orderNo}`);
    expect(d).toMatchObject({ type: "currency_mismatch", risk: "high", currency: "USD", expectedAmountMinor: 1999, actualAmountMinor: 1999, differenceMinor: 1999, callbackEventId: id, detailCoded: coded });
    expect(await orderOf(order.orderNo)).toEqual(order);
  });

  it("a payment after close", async () => {
    const closedAt = new Date("2026-03-09T00:00:00.000Z");
    const order = await newOrder({ status: "CLOSED", closedAt, closeReason: "expired" });
    const { row } = await applyOne(paidNote(order.orderNo));
    expect(row).toMatchObject({ outcome: "discrepancy", outcomeDetail: "payment arrived after the order was closed", outcomeDetailCoded: { code: "discrepancy.paid_after_close" } });
    const [d] = await discrepanciesOfTx(`TX-${order.orderNo}`);
    expect(d).toMatchObject({ type: "paid_after_close", risk: "high", differenceMinor: 1999, detailCoded: { code: "discrepancy.paid_after_close" } });
    expect(d!.ourFacts).toMatchObject({ status: "CLOSED", closedAt: closedAt.toISOString() });
    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await fulfilJobsOf(order.orderNo)).toEqual([]);
  });

  // PARTIALLY_REFUNDED and REFUNDED orders were paid too: a new transaction on them is a second payment, not
  // a first one (it once stayed in the inbox for ever: markOrdersPaid only takes CREATED orders).
  it.each(["PAID", "FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"] as const)("a second, different transaction on a %s order", async (status) => {
    const order = await newOrder({ status, providerTransactionId: "TX-ONE", paidAt: PAID_AT, paidVia: "notify" });
    const second = `TX-TWO-${order.orderNo}`;
    const { row } = await applyOne(paidNote(order.orderNo, { transactionId: second }));
    const coded = { code: "discrepancy.duplicate_payment", params: { transactionId: second, firstTransactionId: "TX-ONE" } };
    expect(row).toMatchObject({ outcome: "discrepancy", outcomeDetail: `second payment ${second}; order was paid by TX-ONE`, outcomeDetailCoded: coded });
    const [d] = await discrepanciesOfTx(second);
    expect(d).toMatchObject({ type: "duplicate_payment", risk: "high", orderNo: order.orderNo, differenceMinor: 1999, detailCoded: coded });
    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await fulfilJobsOf(order.orderNo)).toEqual([]);
  });

  it.each([
    { name: "the same transaction again", status: "PAID" as const, ours: "TX-SAME", theirs: "TX-SAME" },
    { name: "the same transaction on a fulfilled order", status: "FULFILLED" as const, ours: "TX-SAME", theirs: "TX-SAME" },
    { name: "an order paid without a known transaction", status: "PAID" as const, ours: null, theirs: "TX-NEW" },
    { name: "a message without a transaction id", status: "PAID" as const, ours: "TX-SAME", theirs: null },
    { name: "the same transaction on a partly refunded order", status: "PARTIALLY_REFUNDED" as const, ours: "TX-SAME", theirs: "TX-SAME" },
    { name: "the same transaction on a refunded order", status: "REFUNDED" as const, ours: "TX-SAME", theirs: "TX-SAME" },
  ])("$name: a settled order is a duplicate, not a discrepancy", async ({ status, ours, theirs }) => {
    const order = await newOrder({ status, providerTransactionId: ours, paidAt: PAID_AT, paidVia: "notify" });
    const n = paidNote(order.orderNo, { transactionId: theirs, dedupeKey: `${order.orderNo}-${String(theirs)}:PAID` });
    const { id, row } = await applyOne(n);
    expect(row).toMatchObject({ outcome: "duplicate", outcomeDetail: `order already ${status}`, outcomeDetailCoded: { code: "outcome.already_settled", params: { status } } });
    expect(await db().select().from(discrepancies).where(eq(discrepancies.orderNo, order.orderNo))).toEqual([]);
    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await paymentEventsOf(order.orderNo)).toMatchObject([{ callbackEventId: id, result: "duplicate" }]);
  });
});

describe("other states", () => {
  it("the provider closing a CREATED order closes it, with its reason, audit row and payment record", async () => {
    const order = await newOrder();
    const n = paidNote(order.orderNo, { state: "CLOSED" });
    const before = Date.now();
    const { id, row } = await applyOne(n);
    expect(row).toMatchObject({ outcome: "applied", outcomeDetail: "CREATED → CLOSED (CLOSED)", outcomeDetailCoded: { code: "outcome.applied_closed", params: { providerStatus: "CLOSED" } } });
    const closed = await orderOf(order.orderNo);
    expect(closed).toMatchObject({ status: "CLOSED", closeReason: "provider: CLOSED", closeReasonCoded: { code: "order.provider_closed", params: { providerStatus: "CLOSED" } }, paidAt: null });
    expect(closed.closedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audits = await orderAudits(order.orderNo);
    expect(audits.map((a) => [a.action, a.actorLabel])).toEqual([["order.closed", "system:callback:sandbox"]]);
    expect(audits[0]!.before).toEqual({ status: "CREATED" });
    expect(audits[0]!.after).toEqual({ status: "CLOSED", reason: "provider: CLOSED", code: "provider_closed", params: { providerStatus: "CLOSED" }, via: "notify" });
    expect(await paymentEventsOf(order.orderNo)).toMatchObject([{ callbackEventId: id, dedupeKey: `TX-${order.orderNo}:CLOSED`, providerStatus: "CLOSED", result: "applied" }]);
    expect(await fulfilJobsOf(order.orderNo)).toEqual([]);
  });

  it("a close for an order that has moved on is ignored", async () => {
    const order = await newOrder({ status: "PAID", providerTransactionId: "TX-P", paidAt: PAID_AT });
    const { id, row } = await applyOne(paidNote(order.orderNo, { state: "CLOSED" }));
    expect(row).toMatchObject({ outcome: "ignored", outcomeDetail: "provider says closed; order is PAID", outcomeDetailCoded: { code: "outcome.closed_but_order_moved", params: { status: "PAID" } } });
    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await paymentEventsOf(order.orderNo)).toMatchObject([{ callbackEventId: id, result: "ignored" }]);
  });

  it("a close whose guarded update finds the order changed is a duplicate, and changes nothing", async () => {
    const order = await newOrder({ orderNo: uniqueOrderNo("SKIPUPD") });
    const { row } = await applyOne(paidNote(order.orderNo, { state: "CLOSED" }));
    expect(row).toMatchObject({ outcome: "duplicate", outcomeDetail: "order changed concurrently", outcomeDetailCoded: { code: "outcome.changed_concurrently" } });
    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await orderAudits(order.orderNo)).toEqual([]);
  });

  it("a failed payment attempt leaves the order open", async () => {
    const order = await newOrder();
    const { id, row } = await applyOne(paidNote(order.orderNo, { state: "FAILED", providerStatus: "PAYERROR" }));
    expect(row).toMatchObject({
      outcome: "ignored",
      outcomeDetail: "payment attempt failed (PAYERROR); order stays CREATED",
      outcomeDetailCoded: { code: "outcome.payment_attempt_failed", params: { providerStatus: "PAYERROR", status: "CREATED" } },
    });
    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await paymentEventsOf(order.orderNo)).toMatchObject([{ callbackEventId: id, result: "ignored", providerStatus: "PAYERROR" }]);
  });

  it.each(["PENDING", "OTHER"] as const)("%s for a known order: nothing to apply, nothing recorded", async (state) => {
    const order = await newOrder();
    const { row } = await applyOne(paidNote(order.orderNo, { state, providerStatus: `WAIT_${state}` }));
    expect(row).toMatchObject({ outcome: "ignored", outcomeDetail: `WAIT_${state}: nothing to apply`, outcomeDetailCoded: { code: "outcome.nothing_to_apply", params: { providerStatus: `WAIT_${state}` } } });
    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await paymentEventsOf(order.orderNo)).toEqual([]);
  });

  it("a message about no order is ignored, alone in its batch (no payment record to write)", async () => {
    const { row } = await applyOne(paidNote(null, { transactionId: "TX-NOORDER", providerStatus: "TRADE_FINISHED" }));
    expect(row).toMatchObject({ outcome: "ignored", outcomeDetail: "no order reference (TRADE_FINISHED)", outcomeDetailCoded: { code: "outcome.no_order_reference", params: { providerStatus: "TRADE_FINISHED" } } });
    expect(await discrepanciesOfTx("TX-NOORDER")).toEqual([]);
  });

  it("a refund result settles our refund, not the order; one for a refund we do not hold is nothing to apply", async () => {
    const order = await newOrder({ provider: "wechatpay", status: "PAID", providerTransactionId: "4200-RF", paidAt: PAID_AT });
    const refundNo = `RF${order.orderNo}`;
    await processingRefund(order, refundNo);
    const refundNote = (no: string) =>
      paidNote(order.orderNo, { state: "OTHER", providerStatus: "REFUND.CLOSED", transactionId: "4200-RF", dedupeKey: `${no}:REFUND.CLOSED`, facts: { out_refund_no: no, refund_status: "CLOSED" } });
    const { row } = await applyOne(refundNote(refundNo), { provider: "wechatpay" });
    expect(row).toMatchObject({
      outcome: "applied",
      outcomeDetail: `refund ${refundNo}: processing → failed (CLOSED)`,
      outcomeDetailCoded: { code: "outcome.applied_refund", params: { refundNo, providerStatus: "REFUND.CLOSED" } },
    });
    expect((await db().select().from(refunds).where(eq(refunds.refundNo, refundNo)))[0]).toMatchObject({ status: "failed", providerStatus: "CLOSED" });

    const { row: unknown } = await applyOne(refundNote("RF-NOT-HERE"), { provider: "wechatpay" });
    expect(unknown).toMatchObject({ outcome: "ignored", outcomeDetail: "REFUND.CLOSED: nothing to apply", outcomeDetailCoded: { code: "outcome.nothing_to_apply", params: { providerStatus: "REFUND.CLOSED" } } });
    expect(await orderOf(order.orderNo)).toEqual(order);
    expect(await paymentEventsOf(order.orderNo)).toEqual([]);
  });

  it("only a refund result settles a refund: a payment carrying refund fields is a payment", async () => {
    const refunded = await newOrder({ provider: "wechatpay", status: "PAID", providerTransactionId: "4200-RF2", paidAt: PAID_AT });
    const refundNo = `RF${refunded.orderNo}`;
    await processingRefund(refunded, refundNo);
    const order = await newOrder({ provider: "wechatpay" });
    const { row } = await applyOne(paidNote(order.orderNo, { facts: { out_refund_no: refundNo, refund_status: "CLOSED" } }), { provider: "wechatpay" });
    expect(row).toMatchObject({ outcome: "applied", outcomeDetail: "CREATED → PAID (SUCCESS)" });
    expect((await orderOf(order.orderNo)).status).toBe("PAID");
    expect((await db().select().from(refunds).where(eq(refunds.refundNo, refundNo)))[0]).toMatchObject({ status: "processing", providerStatus: null });
  });
});

describe("a message for an order not registered yet", () => {
  it("a payment waits as unknown_order and is recorded at once as missing_internal", async () => {
    const orderNo = uniqueOrderNo("LATE");
    const n = paidNote(orderNo);
    const { id, row } = await applyOne(n);
    expect(row).toMatchObject({ outcome: "unknown_order", outcomeDetail: `order ${orderNo} is not registered yet; applied when it is`, outcomeDetailCoded: { code: "outcome.unknown_order", params: { orderNo } } });
    const [d] = await discrepanciesOfTx(`TX-${orderNo}`);
    expect(d).toMatchObject({ type: "missing_internal", status: "waiting", orderNo: null, callbackEventId: id, actualAmountMinor: 1999, businessDate: "2026-03-10" });
    expect((await discrepancyAudits(d!.id)).map((a) => [a.action, a.actorLabel])).toEqual([["discrepancy.create", "system:callback:sandbox"]]);
    expect(await db().select().from(paymentEvents).where(eq(paymentEvents.callbackEventId, id))).toEqual([]);
  });

  it("a close waits too, without a discrepancy", async () => {
    const orderNo = uniqueOrderNo("LATE");
    const { row } = await applyOne(paidNote(orderNo, { state: "CLOSED" }));
    expect(row.outcome).toBe("unknown_order");
    expect(await discrepanciesOfTx(`TX-${orderNo}`)).toEqual([]);
  });

  it("is put back into the inbox by registerOrder and applied: the order is paid and missing_internal resolved", async () => {
    const orderNo = uniqueOrderNo("LATE");
    const { id } = await applyOne(paidNote(orderNo));
    await registerOrder(db(), { orderNo, userId: "u", amountMinor: 1999, currency: "CNY", provider: "sandbox" });
    const waiting = await messageOf(id);
    expect(waiting).toMatchObject({ outcome: "received", outcomeDetail: "order registered; waiting to be applied", outcomeDetailCoded: { code: "outcome.order_registered" } });
    expect(await applyInboxBatch(db())).toBe(1);
    expect((await messageOf(id)).outcome).toBe("applied");
    expect((await orderOf(orderNo)).status).toBe("PAID");
    const [d] = await discrepanciesOfTx(`TX-${orderNo}`);
    expect(d).toMatchObject({ type: "missing_internal", status: "resolved", orderNo, resolution: `order ${orderNo} registered after the payment; its message was applied (applied)` });
  });

  it("a late order whose payment does not match: the mismatch is recorded and missing_internal resolved by it", async () => {
    const orderNo = uniqueOrderNo("LATE");
    await applyOne(paidNote(orderNo, { amountMinor: 1500 }));
    await newOrder({ orderNo });
    expect(await drainInbox(db())).toEqual({ applied: 1 });
    const ds = await discrepanciesOfTx(`TX-${orderNo}`);
    expect(ds.map((d) => [d.type, d.status]).sort()).toEqual([
      ["amount_mismatch", "open"],
      ["missing_internal", "resolved"],
    ]);
    expect(ds.find((d) => d.type === "missing_internal")!.resolution).toBe(`order ${orderNo} registered after the payment; its message was applied (discrepancy)`);
  });

  it("missing_internal stays waiting when the late message turns out a duplicate, or when only a close of that transaction applies", async () => {
    // The order was paid by this very transaction some other way (a status query): the message is a duplicate.
    const dupNo = uniqueOrderNo("LATE");
    await applyOne(paidNote(dupNo));
    await newOrder({ orderNo: dupNo, status: "PAID", providerTransactionId: `TX-${dupNo}`, paidAt: PAID_AT });
    // The order arrives and the provider's close of that transaction applies first; the payment waits.
    const closeNo = uniqueOrderNo("LATE");
    await applyOne(paidNote(closeNo));
    await newOrder({ orderNo: closeNo });
    const closeId = await toInbox(paidNote(closeNo, { state: "CLOSED" }));
    expect(await applyInboxBatch(db())).toBe(1);
    expect((await messageOf(closeId)).outcome).toBe("applied");
    expect((await discrepanciesOfTx(`TX-${closeNo}`))[0]).toMatchObject({ type: "missing_internal", status: "waiting" });

    expect(await requeueWaitingMessages(db(), dupNo)).toBe(1);
    expect(await applyInboxBatch(db())).toBe(1);
    expect((await discrepanciesOfTx(`TX-${dupNo}`))[0]).toMatchObject({ type: "missing_internal", status: "waiting" });
  });
});

describe("applyInboxBatch", () => {
  it("claims the oldest waiting messages up to its limit, 50 by default, and returns how many it took", async () => {
    expect(APPLY_BATCH).toBe(50);
    const order = await newOrder();
    const ids: number[] = [];
    for (let i = 0; i < 52; i++) ids.push(await toInbox(paidNote(order.orderNo, { state: "FAILED", dedupeKey: `f-${order.orderNo}-${i}` })));
    expect(await applyInboxBatch(db(), 1)).toBe(1);
    expect(await inboxIds()).toEqual(ids.slice(1));
    expect(await applyInboxBatch(db())).toBe(50);
    expect(await inboxIds()).toEqual(ids.slice(51));
    expect(await xminGroups(ids.slice(1, 51))).toHaveLength(1);
    expect(await applyInboxBatch(db())).toBe(1);
    expect(await applyInboxBatch(db())).toBe(0);
  });

  it("leaves messages that are not verified or not waiting alone", async () => {
    const order = await newOrder();
    const n = paidNote(order.orderNo);
    const pending = await recordProviderMessage(db(), { provider: "sandbox", source: "query", headers: {}, body: "{}", receivedAt: RECEIVED_AT, verification: "pending", notification: n });
    const waiting = await recordProviderMessage(db(), { provider: "sandbox", source: "notify", headers: {}, body: "{}", receivedAt: RECEIVED_AT, verification: "verified", outcome: "unknown_order", notification: n });
    expect(await applyInboxBatch(db())).toBe(0);
    expect(await messageOf(pending)).toMatchObject({ verification: "pending", outcome: "received", processedAt: null });
    expect(await messageOf(waiting)).toMatchObject({ outcome: "unknown_order", processedAt: null });
    expect((await orderOf(order.orderNo)).status).toBe("CREATED");
  });

  it("a failing batch falls back to one message per transaction: the bad one stays in the inbox, the others apply", async () => {
    const warn = vi.spyOn(log, "warn");
    const error = vi.spyOn(log, "error");
    const bad = await newOrder({ orderNo: uniqueOrderNo("BADAPPLY") });
    const [g1, g2] = [await newOrder(), await newOrder()];
    // The bad message is the oldest: each retry must take its own message, not the oldest waiting.
    const badId = await toInbox(paidNote(bad.orderNo));
    const ids = [await toInbox(paidNote(g1.orderNo)), await toInbox(paidNote(g2.orderNo))];
    expect(await applyInboxBatch(db())).toBe(3);
    expect((await Promise.all(ids.map(messageOf))).map((r) => r.outcome)).toEqual(["applied", "applied"]);
    expect(await xminGroups(ids)).toEqual([[ids[0]], [ids[1]]]);
    expect(await messageOf(badId)).toMatchObject({ outcome: "received", processedAt: null });
    expect(await inboxIds()).toEqual([badId]);
    expect(await orderOf(bad.orderNo)).toEqual(bad);
    expect(await fulfilJobsOf(bad.orderNo)).toEqual([]);
    expect(warn).toHaveBeenCalledWith("inbox batch failed; applying its messages one by one", { messages: 3, error: expect.any(Error) });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith("callback could not be applied; left in the inbox", { callbackEventId: badId, error: expect.any(Error) });
  });

  it("a single message that cannot be applied fails the call and stays in the inbox", async () => {
    const warn = vi.spyOn(log, "warn");
    const bad = await newOrder({ orderNo: uniqueOrderNo("BADAPPLY") });
    const badId = await toInbox(paidNote(bad.orderNo));
    await expect(applyInboxBatch(db())).rejects.toThrow();
    expect(warn).not.toHaveBeenCalled();
    expect(await messageOf(badId)).toMatchObject({ outcome: "received", processedAt: null });
  });

  it("a payment whose guarded update misses under the row lock aborts its batch rather than acknowledge it", async () => {
    const error = vi.spyOn(log, "error");
    const warn = vi.spyOn(log, "warn");
    const skipped = await newOrder({ orderNo: uniqueOrderNo("SKIPUPD") });
    const alone = await toInbox(paidNote(skipped.orderNo));
    await expect(applyInboxBatch(db())).rejects.toThrow("order changed under its row lock; batch aborted");
    expect(await messageOf(alone)).toMatchObject({ outcome: "received", processedAt: null });

    const good = await newOrder();
    const goodId = await toInbox(paidNote(good.orderNo));
    expect(await applyInboxBatch(db())).toBe(2);
    expect((await messageOf(goodId)).outcome).toBe("applied");
    expect(await messageOf(alone)).toMatchObject({ outcome: "received", processedAt: null });
    expect(await orderAudits(skipped.orderNo)).toEqual([]);
    expect(await fulfilJobsOf(skipped.orderNo)).toEqual([]);
    // The batch (one good payment, one that missed) was aborted for that reason, not applied in part.
    expect(warn).toHaveBeenCalledWith("inbox batch failed; applying its messages one by one", { messages: 2, error: expect.objectContaining({ message: "order changed under its row lock; batch aborted" }) });
    expect(error).toHaveBeenCalledWith("callback could not be applied; left in the inbox", { callbackEventId: alone, error: expect.objectContaining({ message: "order changed under its row lock; batch aborted" }) });
  });
});

describe("requeueWaitingMessages", () => {
  it("for one order: only that order's waiting messages, once it exists", async () => {
    const [a, b] = [uniqueOrderNo("RQ"), uniqueOrderNo("RQ")];
    const a1 = (await applyOne(paidNote(a))).id;
    const a2 = (await applyOne(paidNote(a, { state: "CLOSED" }))).id;
    const b1 = (await applyOne(paidNote(b))).id;
    expect(await requeueWaitingMessages(db(), a)).toBe(0); // not registered yet
    await newOrder({ orderNo: a });
    await newOrder({ orderNo: b });
    expect(await requeueWaitingMessages(db(), a)).toBe(2);
    expect((await Promise.all([a1, a2, b1].map(messageOf))).map((r) => r.outcome)).toEqual(["received", "received", "unknown_order"]);
    expect(await requeueWaitingMessages(db(), a)).toBe(0);
    await drainInbox(db(), { budgetMs: 0 }); // puts b's back without applying anything
    expect((await messageOf(b1)).outcome).toBe("received");
    await drainInbox(db());
  });

  it("for every order: the waiting messages whose order now exists, verified ones only", async () => {
    const [known, unknown] = [uniqueOrderNo("RQ"), uniqueOrderNo("RQ")];
    const k = (await applyOne(paidNote(known))).id;
    const u = (await applyOne(paidNote(unknown))).id;
    await newOrder({ orderNo: known });
    const unverified = await recordProviderMessage(db(), { provider: "sandbox", source: "query", headers: {}, body: "{}", receivedAt: RECEIVED_AT, verification: "pending", outcome: "unknown_order", notification: paidNote(known) });
    expect((await messageOf(unverified)).orderNo).toBe(known);
    expect(await requeueWaitingMessages(db())).toBe(1);
    expect(await messageOf(k)).toMatchObject({ outcome: "received", outcomeDetail: "order registered; waiting to be applied", outcomeDetailCoded: { code: "outcome.order_registered" } });
    expect((await messageOf(u)).outcome).toBe("unknown_order");
    expect((await messageOf(unverified)).outcome).toBe("unknown_order");
    await applyInboxBatch(db());
  });
});

describe("drainInbox", () => {
  it("puts waiting messages back first, then applies batch after batch until the inbox is empty", async () => {
    const late = uniqueOrderNo("DR");
    const lateId = (await applyOne(paidNote(late))).id;
    await newOrder({ orderNo: late });
    const order = await newOrder();
    const ids = [lateId];
    for (let i = 0; i < 4; i++) ids.push(await toInbox(paidNote(order.orderNo, { state: "FAILED", dedupeKey: `dr-${order.orderNo}-${i}` })));
    expect(await drainInbox(db(), { batch: 2 })).toEqual({ applied: 5 });
    expect((await messageOf(lateId)).outcome).toBe("applied");
    expect(await xminGroups(ids)).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    expect(await inboxIds()).toEqual([]);
  });

  it("by default in batches of 50", async () => {
    const order = await newOrder();
    const ids: number[] = [];
    for (let i = 0; i < 51; i++) ids.push(await toInbox(paidNote(order.orderNo, { state: "FAILED", dedupeKey: `d50-${order.orderNo}-${i}` })));
    expect(await drainInbox(db())).toEqual({ applied: 51 });
    expect(await xminGroups(ids)).toEqual([ids.slice(0, 50), ids.slice(50)]);
  });

  it("with its budget spent (time standing still) it applies nothing", async () => {
    const order = await newOrder();
    const id = await toInbox(paidNote(order.orderNo));
    vi.useFakeTimers({ toFake: ["Date"] });
    expect(await drainInbox(db(), { budgetMs: 0 })).toEqual({ applied: 0 });
    expect(await drainInbox(db(), { budgetMs: -5 })).toEqual({ applied: 0 });
    expect((await messageOf(id)).outcome).toBe("received");
    // Time standing still within a budget: it stops when the inbox is empty, not when the budget is spent.
    expect(await drainInbox(db(), { budgetMs: 1 })).toEqual({ applied: 1 });
    expect(await drainInbox(db())).toEqual({ applied: 0 });
    vi.useRealTimers();
    expect((await messageOf(id)).outcome).toBe("applied");
  });

  it("settleInbox drains what no applier took (also when this process has no applier)", async () => {
    await stopProcessInboxApplier();
    const order = await newOrder();
    const id = await toInbox(paidNote(order.orderNo));
    await settleInbox(db());
    expect((await messageOf(id)).outcome).toBe("applied");
  });
});

describe("writeMessageOutcomes", () => {
  it("writes each message's own outcome, detail and coded reason in one statement; a null reason clears the code", async () => {
    const a = await toInbox(paidNote(uniqueOrderNo("WO")));
    const b = await toInbox(paidNote(uniqueOrderNo("WO")));
    await writeMessageOutcomes(db(), [{ id: a, outcome: "ignored", detail: "first", reason: { code: "outcome.changed_concurrently" } }]);
    const before = await messageOf(a);
    await writeMessageOutcomes(db(), [
      { id: a, outcome: "error", detail: null, reason: null },
      { id: b, outcome: "duplicate", detail: "second", reason: { code: "outcome.order_registered" } },
    ]);
    const [ra, rb] = await Promise.all([messageOf(a), messageOf(b)]);
    expect(ra).toMatchObject({ outcome: "error", outcomeDetail: null, outcomeDetailCoded: null, verification: "verified" });
    expect(await isSqlNull(a, "outcome_detail_coded")).toBe(true);
    expect(rb).toMatchObject({ outcome: "duplicate", outcomeDetail: "second", outcomeDetailCoded: { code: "outcome.order_registered" } });
    expect(ra.processedAt!.getTime()).toBeGreaterThanOrEqual(before.processedAt!.getTime());
    // Without facts, what verification stored stays as it was.
    expect(ra).toMatchObject({ orderNo: before.orderNo, eventId: before.eventId, providerTransactionId: before.providerTransactionId, amountMinor: 1999, currency: "CNY", eventAt: EVENT_AT });
    expect(await xminGroups([a, b])).toHaveLength(1);
  });

  it("with facts: marks the message verified and stores them, the delay measured from the event; absent facts become null", async () => {
    const id = await recordProviderMessage(db(), { provider: "sandbox", source: "query", headers: {}, body: "{}", receivedAt: RECEIVED_AT });
    await writeMessageOutcomes(db(), [
      {
        id,
        outcome: "ignored",
        detail: "all facts",
        facts: { orderNo: "WO-1", eventId: "EV-1", transactionId: "TX-1", providerStatus: "NOTPAY", amountMinor: 42, currency: "USD", eventAt: new Date(RECEIVED_AT.getTime() - 1234) },
      },
    ]);
    expect(await messageOf(id)).toMatchObject({
      verification: "verified",
      orderNo: "WO-1",
      eventId: "EV-1",
      providerTransactionId: "TX-1",
      providerStatus: "NOTPAY",
      amountMinor: 42,
      currency: "USD",
      eventAt: new Date(RECEIVED_AT.getTime() - 1234),
      delayMs: 1234,
    });
    // Facts again with only an order number: the others are cleared, the delay stays what it was.
    await writeMessageOutcomes(db(), [{ id, outcome: "ignored", detail: "order only", facts: { orderNo: "WO-2" } }]);
    expect(await messageOf(id)).toMatchObject({ verification: "verified", orderNo: "WO-2", eventId: null, providerTransactionId: null, providerStatus: null, amountMinor: null, currency: null, eventAt: null, delayMs: 1234 });
    expect(await isSqlNull(id, "event_at")).toBe(true);
  });

  it("an empty list sends no statement (it even works inside a transaction that already failed)", async () => {
    const sentinel = new Error("roll back");
    await expect(
      db().transaction(async (tx) => {
        await tx.execute(sql`SELECT 1/0`).catch(() => undefined);
        await writeMessageOutcomes(tx, []);
        throw sentinel;
      }),
    ).rejects.toBe(sentinel);
  });
});

describe("notificationFromJson", () => {
  it("gives the times back as dates, and absent times as null", () => {
    const json = JSON.parse(JSON.stringify(paidNote("NJ-1", { eventAt: EVENT_AT, paidAt: null }))) as Record<string, unknown>;
    const n = notificationFromJson(json);
    expect(n.eventAt).toEqual(EVENT_AT);
    expect(n.paidAt).toBeNull();
    expect(n).toMatchObject({ orderNo: "NJ-1", dedupeKey: "TX-NJ-1:PAID", amountMinor: 1999 });
    expect(notificationFromJson({ ...json, eventAt: undefined, paidAt: PAID_AT.toISOString() })).toMatchObject({ eventAt: null, paidAt: PAID_AT });
  });
});

describe("startInboxApplier", () => {
  it("a kick applies what is waiting; idle() resolves once it is applied", async () => {
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "kicked" });
    try {
      const order = await newOrder();
      const id = await toInbox(paidNote(order.orderNo));
      await applier.idle(); // nothing running yet
      expect((await messageOf(id)).outcome).toBe("received");
      applier.kick();
      await applier.idle();
      expect((await messageOf(id)).outcome).toBe("applied");
    } finally {
      await applier.stop();
    }
  });

  /** db() with its transactions counted, and `after(n)` run once the n-th has committed. */
  function countingTransactions(after: (n: number) => Promise<void> = async () => {}): { db: Db; count: () => number } {
    let n = 0;
    const counted = new Proxy(db() as object, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== "transaction") return value;
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          await after(++n);
          return result;
        };
      },
    }) as Db;
    return { db: counted, count: () => n };
  }

  it("a kick whose message a claim has already taken costs no transaction of its own", async () => {
    const { db: counted, count } = countingTransactions();
    const applier = startInboxApplier(counted, { pollMs: 3_600_000, name: "covered" });
    try {
      const id = await toInbox(paidNote((await newOrder()).orderNo));
      applier.kick();
      applier.kick(); // before the first run claims: its claim takes the message (the old rule ran again and claimed nothing)
      await applier.idle();
      expect((await messageOf(id)).outcome).toBe("applied");
      expect(count()).toBe(1);
    } finally {
      await applier.stop();
    }
  });

  it("a message stored and kicked after the claim has begun is applied by the same run going round again", async () => {
    let later = 0;
    const order = await newOrder();
    const { db: counted, count } = countingTransactions(async (n) => {
      if (n !== 1) return;
      later = await toInbox(paidNote(order.orderNo, { state: "FAILED" }));
      applier.kick();
    });
    const applier = startInboxApplier(counted, { pollMs: 3_600_000, name: "after-claim" });
    try {
      const first = await toInbox(paidNote(order.orderNo));
      applier.kick();
      await applier.idle();
      expect((await messageOf(first)).outcome).toBe("applied");
      expect((await messageOf(later)).outcome).not.toBe("received");
      expect(count()).toBe(2);
    } finally {
      await applier.stop();
    }
  });

  it("gathers: the kicks within gatherMs of the first are applied together, in one transaction, started gatherMs after it", async () => {
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "gatherer", gatherMs: 400 });
    try {
      const ids: number[] = [];
      const kickedAt = Date.now();
      for (let i = 0; i < 3; i++) {
        ids.push(await toInbox(paidNote((await newOrder()).orderNo)));
        applier.kick();
      }
      // Still gathering (unless this machine took 400 ms to store three messages): nothing applied yet.
      if (Date.now() - kickedAt < 300) for (const id of ids) expect((await messageOf(id)).outcome).toBe("received");
      await applier.idle();
      const applied = await Promise.all(ids.map(messageOf));
      expect(applied.map((m) => m.outcome)).toEqual(["applied", "applied", "applied"]);
      // processed_at is the transaction's now(): one value, one transaction, no earlier than 400 ms after the first kick.
      expect(new Set(applied.map((m) => m.processedAt!.getTime())).size).toBe(1);
      expect(applied[0]!.processedAt!.getTime()).toBeGreaterThanOrEqual(kickedAt + 400 - 50);
    } finally {
      await applier.stop();
    }
  });

  it("stop() while gathering: the gathered drain never starts", async () => {
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "stopped-gatherer", gatherMs: 100 });
    const id = await toInbox(paidNote((await newOrder()).orderNo));
    applier.kick();
    await applier.stop();
    await new Promise((r) => setTimeout(r, 250));
    expect((await messageOf(id)).outcome).toBe("received");
    await drainInbox(db());
  });

  it("sweeps for waiting messages on its first run, then at most once per poll interval", async () => {
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "sweeper" });
    try {
      const first = uniqueOrderNo("SW");
      const firstId = (await applyOne(paidNote(first))).id;
      await newOrder({ orderNo: first });
      applier.kick();
      await applier.idle();
      expect((await messageOf(firstId)).outcome).toBe("applied");

      const second = uniqueOrderNo("SW");
      const secondId = (await applyOne(paidNote(second))).id;
      await newOrder({ orderNo: second });
      applier.kick();
      await applier.idle();
      // Within the hour: no second sweep; the message waits for registerOrder's requeue or the next sweep.
      expect((await messageOf(secondId)).outcome).toBe("unknown_order");
      await drainInbox(db());
      expect((await messageOf(secondId)).outcome).toBe("applied");
    } finally {
      await applier.stop();
    }
  });

  it("polls every pollMs without a kick, and not after stop()", async () => {
    const applier = startInboxApplier(db(), { pollMs: 20, name: "poller" });
    const order = await newOrder();
    const id = await toInbox(paidNote(order.orderNo));
    await vi.waitFor(async () => expect((await messageOf(id)).outcome).toBe("applied"), { timeout: 10_000, interval: 20 });
    await applier.stop();
    const later = await toInbox(paidNote(order.orderNo, { state: "FAILED" }));
    applier.kick();
    await new Promise((r) => setTimeout(r, 200));
    await applier.idle();
    expect((await messageOf(later)).outcome).toBe("received");
  });

  it("stop() during a backlog lets the batch being applied finish and leaves the rest in the inbox", async () => {
    const order = await newOrder();
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) ids.push(await toInbox(paidNote(order.orderNo, { state: "FAILED", dedupeKey: `st-${order.orderNo}-${i}` })));
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "stopping" });
    applier.kick();
    await applier.stop();
    expect(await inboxIds()).toEqual(ids.slice(50));
    applier.kick();
    await applier.idle();
    expect(await inboxIds()).toEqual(ids.slice(50));
    await drainInbox(db());
  });

  it("a backlog is applied completely by one kick", async () => {
    const order = await newOrder();
    const ids: number[] = [];
    for (let i = 0; i < 130; i++) ids.push(await toInbox(paidNote(order.orderNo, { state: "FAILED", dedupeKey: `bl-${order.orderNo}-${i}` })));
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "backlog" });
    try {
      applier.kick();
      await applier.idle();
      expect(await inboxIds()).toEqual([]);
      expect(new Set((await Promise.all(ids.map(messageOf))).map((r) => r.outcome))).toEqual(new Set(["ignored"]));
    } finally {
      await applier.stop();
    }
  });

  it("a failing apply is logged and retried on the next kick; a failing sweep is logged and applying goes on", async () => {
    const error = vi.spyOn(log, "error");
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "failing" });
    try {
      const bad = await newOrder({ orderNo: uniqueOrderNo("BADAPPLY") });
      const badId = await toInbox(paidNote(bad.orderNo));
      applier.kick();
      await applier.idle();
      expect(error).toHaveBeenCalledWith("inbox applier failed; retrying on the next kick or poll", { applier: "failing", error: expect.any(Error) });
      expect(await inboxIds()).toEqual([badId]);
      await db().execute(sql`DELETE FROM callback_events WHERE id = ${badId}`);
    } finally {
      await applier.stop();
    }

    error.mockClear();
    const sweeping = startInboxApplier(db(), { pollMs: 3_600_000, name: "sweep-fails" });
    try {
      const waitingNo = uniqueOrderNo("BADSWEEP");
      const waitingId = (await applyOne(paidNote(waitingNo))).id;
      await newOrder({ orderNo: waitingNo });
      const order = await newOrder();
      const id = await toInbox(paidNote(order.orderNo));
      sweeping.kick();
      await sweeping.idle();
      expect(error).toHaveBeenCalledWith("inbox sweep failed", { applier: "sweep-fails", error: expect.any(Error) });
      expect((await messageOf(id)).outcome).toBe("applied");
      expect((await messageOf(waitingId)).outcome).toBe("unknown_order");
      await db().execute(sql`DELETE FROM discrepancies WHERE callback_event_id = ${waitingId}`);
      await db().execute(sql`DELETE FROM callback_events WHERE id = ${waitingId}`);
    } finally {
      await sweeping.stop();
    }
  });
});

describe("startInboxApplier: the sweep's interval, on a clock standing still", () => {
  it("sweeps again exactly when pollMs has passed since the last sweep", async () => {
    const t0 = new Date("2026-03-12T00:00:00.000Z").getTime();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(t0);
    const applier = startInboxApplier(db(), { pollMs: 60_000, name: "clock" });
    try {
      const waiting = async () => {
        const orderNo = uniqueOrderNo("CLK");
        const id = (await applyOne(paidNote(orderNo))).id;
        await newOrder({ orderNo });
        return id;
      };
      const first = await waiting();
      applier.kick();
      await applier.idle();
      expect((await messageOf(first)).outcome).toBe("applied");

      const second = await waiting();
      vi.setSystemTime(t0 + 59_999);
      applier.kick();
      await applier.idle();
      expect((await messageOf(second)).outcome).toBe("unknown_order");
      vi.setSystemTime(t0 + 60_000);
      applier.kick();
      await applier.idle();
      expect((await messageOf(second)).outcome).toBe("applied");
    } finally {
      await applier.stop();
      vi.useRealTimers();
    }
  });
});

describe("processInboxApplier", () => {
  it("none when the process leaves applying to workers; else one per database, replaced (and the old one stopped) for another", async () => {
    await stopProcessInboxApplier();
    expect(processInboxApplier(db())).toBeNull();
    const restore = overrideEnv({ CALLBACK_APPLY_IN_PROCESS: "true", CALLBACK_APPLY_POLL_INTERVAL: "1h" });
    try {
      const first = processInboxApplier(db())!;
      expect(first).not.toBeNull();
      expect(processInboxApplier(db())).toBe(first);
      // Another handle on the same database (another pool, as after a reconnect).
      const other = Object.create(db() as object) as Db;
      const second = processInboxApplier(other)!;
      expect(second).not.toBe(first);
      const order = await newOrder();
      const id = await toInbox(paidNote(order.orderNo));
      first.kick();
      await first.idle();
      expect((await messageOf(id)).outcome).toBe("received");
      // settleInbox waits for this process's applier, then drains.
      second.kick();
      await settleInbox(db());
      expect((await messageOf(id)).outcome).toBe("applied");

      await stopProcessInboxApplier();
      const later = await toInbox(paidNote(order.orderNo, { state: "FAILED" }));
      second.kick();
      await second.idle();
      expect((await messageOf(later)).outcome).toBe("received");
      expect(processInboxApplier(other)).not.toBe(second);
      await stopProcessInboxApplier();
      await drainInbox(db());
    } finally {
      await stopProcessInboxApplier();
      restore();
    }
  });

  it("gathers kicks for CALLBACK_APPLY_GATHER before it applies", async () => {
    await stopProcessInboxApplier();
    const restore = overrideEnv({ CALLBACK_APPLY_IN_PROCESS: "true", CALLBACK_APPLY_POLL_INTERVAL: "1h", CALLBACK_APPLY_GATHER: "400ms" });
    try {
      const applier = processInboxApplier(db())!;
      const id = await toInbox(paidNote((await newOrder()).orderNo));
      const kickedAt = Date.now();
      applier.kick();
      await new Promise((r) => setTimeout(r, 100));
      if (Date.now() - kickedAt < 300) expect((await messageOf(id)).outcome).toBe("received");
      await applier.idle();
      const applied = await messageOf(id);
      expect(applied.outcome).toBe("applied");
      expect(applied.processedAt!.getTime()).toBeGreaterThanOrEqual(kickedAt + 400 - 50);
    } finally {
      await stopProcessInboxApplier();
      restore();
    }
  });

  it("polls at CALLBACK_APPLY_POLL_INTERVAL and logs as the in-process applier", async () => {
    const error = vi.spyOn(log, "error");
    await stopProcessInboxApplier();
    const restore = overrideEnv({ CALLBACK_APPLY_IN_PROCESS: "true", CALLBACK_APPLY_POLL_INTERVAL: "1h" });
    try {
      const applier = processInboxApplier(db())!;
      const bad = await newOrder({ orderNo: uniqueOrderNo("BADAPPLY") });
      const badId = await toInbox(paidNote(bad.orderNo));
      await new Promise((r) => setTimeout(r, 150));
      expect(error).not.toHaveBeenCalled(); // not polled yet: the interval is an hour
      applier.kick();
      await applier.idle();
      expect(error).toHaveBeenCalledWith("inbox applier failed; retrying on the next kick or poll", { applier: "in-process", error: expect.any(Error) });
      expect(await inboxIds()).toEqual([badId]);
    } finally {
      await stopProcessInboxApplier();
      restore();
    }
  });
});

describe.runIf(isPostgresRun())("extra loops under a backlog (PostgreSQL: real connections)", () => {
  // Each batch's outcome update sleeps in a trigger and records when it ran, so batches applied at the same
  // time overlap: the number overlapping at once is the number of loops the applier ran.
  const GATE = 424242;
  beforeAll(async () => {
    await db().execute(sql.raw(`CREATE TABLE test_apply_batches (pid int NOT NULL, started timestamptz NOT NULL, finished timestamptz NOT NULL, n int NOT NULL)`));
    await db().execute(
      sql.raw(`CREATE FUNCTION test_slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE s timestamptz; c int;
        BEGIN
          SELECT count(*) INTO c FROM new_rows WHERE provider_status = 'SLOWBATCH' AND outcome <> 'received';
          IF c > 0 THEN
            -- Held back while the test holds the gate (an exclusive advisory lock on its own connection).
            PERFORM pg_advisory_xact_lock_shared(${GATE});
            s := clock_timestamp();
            PERFORM pg_sleep(0.6);
            INSERT INTO test_apply_batches VALUES (pg_backend_pid(), s, clock_timestamp(), c);
          END IF;
          RETURN NULL;
        END $$`),
    );
    await db().execute(sql.raw(`CREATE TRIGGER test_slow_batch AFTER UPDATE ON callback_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION test_slow_batch()`));
  });
  afterAll(async () => {
    await db().execute(sql.raw(`DROP TRIGGER test_slow_batch ON callback_events`));
  });

  // Messages about no order: nothing to lock, so batches of different loops never wait for each other.
  async function slowBacklog(count: number): Promise<void> {
    const notes = Array.from({ length: count }, () => paidNote(null, { transactionId: null, providerStatus: "SLOWBATCH" }));
    const { insertProviderMessages } = await import("./record-provider-message");
    await insertProviderMessages(
      db(),
      notes.map((n) => ({ provider: "sandbox", source: "notify", headers: {}, body: "{}", receivedAt: RECEIVED_AT, verification: "verified", outcome: "received", notification: n })),
    );
  }
  async function batches(): Promise<{ started: Date; finished: Date; n: number }[]> {
    const rows = rowsOf<{ started: Date | string; finished: Date | string; n: number }>(await db().execute(sql`SELECT started, finished, n FROM test_apply_batches ORDER BY started`));
    await db().execute(sql`DELETE FROM test_apply_batches`);
    return rows.map((r) => ({ started: new Date(r.started), finished: new Date(r.finished), n: Number(r.n) }));
  }
  const overlap = (a: { started: Date; finished: Date }, b: { started: Date; finished: Date }) => a.started < b.finished && b.started < a.finished;
  /** The most batches in their slow update at one instant. */
  function peak(bs: { started: Date; finished: Date }[]): number {
    const edges = bs.flatMap((b) => [
      { t: b.started.getTime(), d: 1 },
      { t: b.finished.getTime(), d: -1 },
    ]);
    edges.sort((x, y) => x.t - y.t || x.d - y.d);
    let now = 0;
    let max = 0;
    for (const e of edges) max = Math.max(max, (now += e.d));
    return max;
  }
  const waitingAtGate = async () =>
    Number(rowsOf<{ n: number }>(await db().execute(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`))[0]!.n);
  /** Holds every slow batch back until `release()`: the test decides what arrives while the first one waits. */
  async function closeGate(): Promise<{ release(): Promise<void> }> {
    const pool = (db() as unknown as { $client: { connect(): Promise<{ query(q: string): Promise<unknown>; release(): void }> } }).$client;
    const conn = await pool.connect();
    await conn.query(`SELECT pg_advisory_lock(${GATE})`);
    let open = false;
    return {
      async release() {
        if (open) return;
        open = true;
        await conn.query(`SELECT pg_advisory_unlock(${GATE})`);
        conn.release();
      },
    };
  }

  it(`a backlog gets up to APPLY_CONCURRENCY (${APPLY_CONCURRENCY}) loops at once, never more`, { timeout: 60_000 }, async () => {
    // 1 loop, then 2, then 4 (each loop whose batch was full adds one while fewer than 4 run), then still 4.
    await slowBacklog(600);
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "backlog" });
    try {
      applier.kick();
      await applier.idle();
      const bs = await batches();
      // Batches of at most 50 (the last ones may split what is left as concurrent claims skip each other's rows).
      expect(bs[0]!.n).toBe(50);
      expect(bs.reduce((sum, b) => sum + b.n, 0)).toBe(600);
      expect(Math.max(...bs.map((b) => b.n))).toBe(50);
      expect(peak(bs)).toBe(4);
      // The loops that ended are not counted any more: the next backlog gets its 4 loops again.
      await slowBacklog(400);
      applier.kick();
      await applier.idle();
      const again = await batches();
      expect(again.reduce((sum, b) => sum + b.n, 0)).toBe(400);
      expect(Math.max(...again.map((b) => b.n))).toBe(50);
      expect(peak(again)).toBe(4);
    } finally {
      await applier.stop();
    }
  });

  /**
   * `first` messages, an applier kicked on them and held at the gate; 60 more arrive, announced with a kick
   * (as the intake does after storing) or not (stored by another process); the batches it ran, and how many
   * messages still wait.
   */
  async function firstBatchThenSixty(first: number, name: string, opts: { kick: boolean }) {
    await slowBacklog(first);
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name });
    const gate = await closeGate();
    try {
      applier.kick();
      await vi.waitFor(async () => expect(await waitingAtGate()).toBe(1), { timeout: 10_000, interval: 5 });
      await slowBacklog(60);
      if (opts.kick) applier.kick();
      await gate.release();
      await applier.idle();
    } finally {
      await gate.release();
      await applier.stop();
    }
    const waiting = rowsOf<{ n: number }>(await db().execute(sql`SELECT count(*)::int AS n FROM callback_events WHERE verification = 'verified' AND outcome = 'received'`))[0]!.n;
    return { bs: await batches(), waiting };
  }

  it("a batch short of APPLY_BATCH ends its loop: what is stored meanwhile waits for its own kick, no empty batch is spent to find out", { timeout: 60_000 }, async () => {
    // 10 claimed: nothing else was waiting then. The 60 stored after that came with no kick (another process stored them).
    const { bs, waiting } = await firstBatchThenSixty(10, "short", { kick: false });
    expect(bs.map((b) => b.n)).toEqual([10]);
    expect(waiting).toBe(60);
    // The poll (or that process's own applier) takes them later.
    expect((await drainInbox(db())).applied).toBe(60);
    await batches();
  });

  it("announced with a kick, they are the next run's: a full batch (APPLY_BATCH) is a backlog, and a second loop joins for the rest", { timeout: 60_000 }, async () => {
    const { bs, waiting } = await firstBatchThenSixty(9, "kicked", { kick: true });
    expect(waiting).toBe(0);
    // Then the run goes round again: its loop claims a full batch; after it, that loop and the one it added
    // claim side by side, and one of them finds the last 10.
    expect(bs.map((b) => b.n)).toEqual([9, 50, 10]);
    expect(peak(bs)).toBe(1);
  });

  it("kicks while it runs are not lost: the run goes round again (and sweeps, its interval having passed)", { timeout: 60_000 }, async () => {
    const pollMs = 3_000;
    await slowBacklog(10);
    const applier = startInboxApplier(db(), { pollMs, name: "again" });
    const gate = await closeGate();
    const startedAt = Date.now();
    try {
      applier.kick(); // sweeps now, then applies the backlog (held at the gate)
      await vi.waitFor(async () => expect(await waitingAtGate()).toBe(1), { timeout: 10_000, interval: 5 });
      // Meanwhile a message is waiting for an order that now exists, and someone kicks (as registerOrder would).
      const orderNo = uniqueOrderNo("AGAIN");
      const waitingId = await recordProviderMessage(db(), {
        provider: "sandbox",
        source: "notify",
        headers: {},
        body: "{}",
        receivedAt: RECEIVED_AT,
        verification: "verified",
        outcome: "unknown_order",
        notification: paidNote(orderNo),
      });
      await newOrder({ orderNo });
      applier.kick();
      // Let the sweep interval pass while the first pass is still applying, then let it finish.
      await new Promise((r) => setTimeout(r, Math.max(0, pollMs + 100 - (Date.now() - startedAt))));
      await gate.release();
      await applier.idle();
      // Before the timer's next kick (at 2 × pollMs): the second pass swept and applied it.
      expect(Date.now() - startedAt).toBeLessThan(2 * pollMs);
      expect((await messageOf(waitingId)).outcome).toBe("applied");
      expect((await orderOf(orderNo)).status).toBe("PAID");
    } finally {
      await gate.release();
      await applier.stop();
    }
    await batches();
  });

  it("a second kick while it runs starts no second run: the first batch is applied alone", { timeout: 60_000 }, async () => {
    await slowBacklog(100);
    const applier = startInboxApplier(db(), { pollMs: 3_600_000, name: "twice" });
    try {
      applier.kick();
      applier.kick();
      await applier.idle();
    } finally {
      await applier.stop();
    }
    const bs = await batches();
    expect(bs.map((b) => b.n).reduce((a, b) => a + b, 0)).toBe(100);
    expect(bs[0]!.n).toBe(50);
    for (const later of bs.slice(1)) expect(overlap(bs[0]!, later)).toBe(false);
  });
});
