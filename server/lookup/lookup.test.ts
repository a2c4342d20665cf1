import { asc, eq } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { auditLogs, callbackEvents, discrepancies, orders, signInThrottles, ticketEvents, tickets } from "@/db/schema";
import { changeTicketStatus } from "@/server/tickets/change-ticket-status";
import { isPostgresRun, useTestDb } from "@/test/db";
import { lookupOrder, type LookupAnswer, type LookupResult } from "./lookup-order";
import { issueLookupToken, TOKEN_TTL_MS } from "./lookup-token";
import { MAX_TICKETS_PER_ORDER_PER_DAY, openSelfServiceTicket } from "./open-self-service-ticket";

const db = useTestDb();
const T0 = new Date("2026-11-20T08:00:00Z");
const at = (m: number) => new Date(T0.getTime() + m * 60_000);
const PHONE = "13800001234";
const LAST4 = "1234";
const NO_LIMITS = { perAddress: 1000, perOrder: 1000, windowMs: 600_000 };

type Fixture = { orderNo: string; status: "CREATED" | "PAID" | "FULFILLED" | "CLOSED"; phone?: string | null };
const FIXTURES: Fixture[] = [
  { orderNo: "LK-DONE", status: "FULFILLED" },
  { orderNo: "LK-PAID", status: "PAID" },
  { orderNo: "LK-NEW", status: "CREATED" },
  { orderNo: "LK-WAIT", status: "CREATED" },
  { orderNo: "LK-CLOSED", status: "CLOSED" },
  { orderNo: "LK-TWICE", status: "FULFILLED" },
  { orderNo: "LK-LATE", status: "CLOSED" },
  { orderNo: "LK-NOPHONE", status: "PAID", phone: null },
  { orderNo: "LK-TICKET", status: "PAID" },
  { orderNo: "LK-CAP", status: "PAID" },
];

beforeAll(async () => {
  await db().insert(orders).values(
    FIXTURES.map((f) => ({
      orderNo: f.orderNo, userId: `u-${f.orderNo}`, userPhone: f.phone === undefined ? PHONE : f.phone, amountMinor: 1999, currency: "CNY", provider: "sandbox" as const,
      status: f.status, paidAt: f.status === "CREATED" ? null : T0, createdAt: T0,
    })),
  );
  // Paid at the provider (verified message) but not applied: the callback outage case.
  await db().insert(callbackEvents).values({ provider: "sandbox", headers: {}, body: "{}", verification: "verified", outcome: "received", orderNo: "LK-WAIT", providerStatus: "SUCCESS" });
  const disc = (orderNo: string, type: "duplicate_payment" | "paid_after_close") => ({ type, risk: "high" as const, provider: "sandbox" as const, orderNo, providerTransactionId: `tx-${orderNo}`, ourFacts: {}, providerFacts: {} });
  await db().insert(discrepancies).values([disc("LK-TWICE", "duplicate_payment"), disc("LK-LATE", "paid_after_close")]);
});

beforeEach(async () => {
  await db().delete(signInThrottles);
});

const look = (orderNo: string, phoneLast4: string, ip: string | null = "203.0.113.9", now = T0, limits = NO_LIMITS) => lookupOrder(db(), { orderNo, phoneLast4, ip }, now, limits);
const answerOf = (r: LookupResult): LookupAnswer => {
  if (r.outcome !== "answer") throw new Error(`expected an answer, got ${r.outcome}`);
  return r.answer;
};

describe("self-service lookup", () => {
  // Hand-written: what a user is told for each situation of their order.
  const EXPECTED: [string, LookupAnswer["kind"]][] = [
    ["LK-DONE", "done"],
    ["LK-PAID", "processing"],
    ["LK-NEW", "not_paid"],
    ["LK-WAIT", "processing"],
    ["LK-CLOSED", "closed"],
    ["LK-TWICE", "charged_twice"],
    ["LK-LATE", "refund_pending"],
  ];
  for (const [orderNo, kind] of EXPECTED) {
    it(`${orderNo} → ${kind}`, async () => {
      const a = answerOf(await look(orderNo, LAST4));
      expect(a).toMatchObject({ kind, orderNo, amountMinor: 1999, currency: "CNY", expectMinutes: 30 });
    });
  }

  it("answers a wrong phone, an unknown order and an order without a phone byte for byte the same", async () => {
    const wrongPhone = await look("LK-PAID", "9999");
    const unknownOrder = await look("LK-NO-SUCH-ORDER", LAST4);
    const noPhone = await look("LK-NOPHONE", LAST4);
    expect(JSON.stringify(wrongPhone)).toBe(JSON.stringify({ outcome: "answer", answer: { kind: "no_match" } }));
    expect(JSON.stringify(unknownOrder)).toBe(JSON.stringify(wrongPhone));
    expect(JSON.stringify(noPhone)).toBe(JSON.stringify(wrongPhone));
  });

  it("does the same database work for a wrong order number as for a wrong phone", async () => {
    const client = (db() as unknown as { $client: unknown }).$client;
    const log: string[] = [];
    const logger = { logQuery: (query: string) => log.push(query) };
    const opts = { schema, casing: "snake_case" as const, logger };
    const logged = (isPostgresRun() ? drizzlePg({ client: client as never, ...opts }) : drizzlePglite({ client: client as never, ...opts })) as unknown as Db;
    await lookupOrder(logged, { orderNo: "LK-PAID", phoneLast4: "9999", ip: "203.0.113.10" }, T0, NO_LIMITS);
    const wrongPhone = log.splice(0);
    await lookupOrder(logged, { orderNo: "LK-NO-SUCH-ORDER", phoneLast4: LAST4, ip: "203.0.113.11" }, T0, NO_LIMITS);
    const wrongOrder = log.splice(0);
    expect(wrongPhone.length).toBeGreaterThanOrEqual(5);
    expect(wrongOrder).toEqual(wrongPhone);
    // and a match does the same queries before it answers
    await lookupOrder(logged, { orderNo: "LK-PAID", phoneLast4: LAST4, ip: "203.0.113.12" }, T0, NO_LIMITS);
    expect(log).toEqual(wrongPhone);
  });

  it("refuses malformed input without touching a counter", async () => {
    expect(await look("LK PAID; drop", LAST4)).toEqual({ outcome: "invalid" });
    expect(await look("LK-PAID", "12a4")).toEqual({ outcome: "invalid" });
    expect(await db().select().from(signInThrottles)).toEqual([]);
  });

  it("limits lookups per client address (10 in 10 minutes), whatever the order", async () => {
    const limits = { perAddress: 10, perOrder: 5, windowMs: 600_000 };
    for (let i = 0; i < 10; i++) expect((await look(`LK-ADDR-${i}`, LAST4, "198.51.100.7", at(0), limits)).outcome).toBe("answer");
    expect(await look("LK-ADDR-X", LAST4, "198.51.100.7", at(1), limits)).toEqual({ outcome: "rate_limited" });
    // another address is not affected; the same address is free again after the window
    expect((await look("LK-ADDR-X", LAST4, "198.51.100.8", at(1), limits)).outcome).toBe("answer");
    expect((await look("LK-ADDR-X", LAST4, "198.51.100.7", at(11), limits)).outcome).toBe("answer");
  });

  it("limits lookups per order number (5 in 10 minutes) across addresses, and without a trusted address", async () => {
    const limits = { perAddress: 10, perOrder: 5, windowMs: 600_000 };
    for (let i = 0; i < 5; i++) expect((await look("LK-PAID", "0000", `192.0.2.${i + 1}`, at(0), limits)).outcome).toBe("answer");
    expect(await look("LK-PAID", LAST4, "192.0.2.99", at(1), limits)).toEqual({ outcome: "rate_limited" });
    expect(await look("LK-PAID", LAST4, null, at(1), limits)).toEqual({ outcome: "rate_limited" });
    expect(answerOf(await look("LK-PAID", LAST4, null, at(11), limits)).kind).toBe("processing");
    // no per-address counter for an unknown address
    const rows = await db().select().from(signInThrottles);
    expect(rows.every((r) => r.ipAddress !== "unknown" && r.ipAddress !== "null")).toBe(true);
  });
});

describe("self-service ticket", () => {
  const submit = (orderNo: string, over: Partial<Parameters<typeof openSelfServiceTicket>[1]> = {}, now = T0) =>
    openSelfServiceTicket(db(), { orderNo, phoneLast4: LAST4, token: issueLookupToken(orderNo, LAST4, T0), description: "I paid but the order says unpaid", contactPreference: "sms", subject: `Payment question: ${orderNo}`, ...over }, now);

  it("opens a ticket in the first-line CS queue with the order attached, then appends to it instead of a second one", async () => {
    const first = await submit("LK-TICKET");
    expect(first).toMatchObject({ outcome: "created", number: expect.stringMatching(/^T-2026-\d{6}$/) });
    const [row] = await db().select().from(tickets).where(eq(tickets.orderNo, "LK-TICKET"));
    expect(row).toMatchObject({ source: "self_service", queue: "cs_l1", type: "paid_not_updated", priority: "normal", status: "new", situation: "processing", requesterUserId: "u-LK-TICKET", requesterPhoneMasked: "138****1234", contactPreference: "sms", createdBy: "self-service" });
    const again = await submit("LK-TICKET", { description: "Still waiting" }, at(5));
    expect(again).toEqual({ outcome: "appended", number: first.outcome === "created" ? first.number : "" });
    expect(await db().select().from(tickets).where(eq(tickets.orderNo, "LK-TICKET"))).toHaveLength(1);
    const history = await db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, row!.id)).orderBy(asc(ticketEvents.id));
    expect(history.map((e) => [e.kind, e.body])).toEqual([["created", "I paid but the order says unpaid"], ["requester_message", "Still waiting"]]);
    const audit = await db().select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.entityId, row!.number));
    expect(audit.map((a) => a.action)).toEqual(["ticket.create", "ticket.requester_message"]);
    // a ticket waiting on the user opens again when they write
    await changeTicketStatus(db(), row!.id, "pending", { id: null, label: "agent@x" }, at(6));
    await submit("LK-TICKET", { description: "Here is my receipt" }, at(7));
    expect((await db().select().from(tickets).where(eq(tickets.id, row!.id)))[0]!.status).toBe("open");
  });

  it("caps new self-service tickets per order per day", async () => {
    for (let i = 0; i < MAX_TICKETS_PER_ORDER_PER_DAY; i++) {
      const r = await submit("LK-CAP", {}, at(i));
      expect(r.outcome).toBe("created");
      const [open] = await db().select().from(tickets).where(eq(tickets.number, (r as { number: string }).number));
      await changeTicketStatus(db(), open!.id, "solved", { id: null, label: "agent@x" }, at(i));
      await db().delete(signInThrottles);
    }
    expect(await submit("LK-CAP", {}, at(10))).toEqual({ outcome: "too_many" });
  });

  it("needs the lookup's token for that order and those digits, not expired, and re-checks the digits", async () => {
    expect(await submit("LK-PAID", { token: issueLookupToken("LK-DONE", LAST4, T0) })).toEqual({ outcome: "expired" });
    expect(await submit("LK-PAID", { token: issueLookupToken("LK-PAID", "9999", T0) })).toEqual({ outcome: "expired" });
    expect(await submit("LK-PAID", { token: "abc.def" })).toEqual({ outcome: "expired" });
    const token = issueLookupToken("LK-PAID", LAST4, T0);
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect(await submit("LK-PAID", { token: tampered })).toEqual({ outcome: "expired" });
    expect(await submit("LK-PAID", {}, new Date(T0.getTime() + TOKEN_TTL_MS + 1000))).toEqual({ outcome: "expired" });
    // a valid token for digits that do not match the order (e.g. the phone changed) is not enough
    expect(await submit("LK-PAID", { phoneLast4: "9999", token: issueLookupToken("LK-PAID", "9999", T0) })).toEqual({ outcome: "expired" });
    expect(await db().select().from(tickets).where(eq(tickets.orderNo, "LK-PAID"))).toHaveLength(0);
    expect(await submit("LK-PAID", { description: "  " })).toEqual({ outcome: "invalid" });
  });

  it("a matched lookup's token opens a ticket routed by the situation (charged twice → finance; ¥19.99 by the priority rule: normal)", async () => {
    const a = answerOf(await look("LK-TWICE", LAST4));
    if (a.kind === "no_match") throw new Error("expected a match");
    const r = await openSelfServiceTicket(db(), { orderNo: "LK-TWICE", phoneLast4: LAST4, token: a.token, description: "charged twice", contactPreference: "none", subject: "s" }, at(1));
    expect(r.outcome).toBe("created");
    const [row] = await db().select().from(tickets).where(eq(tickets.orderNo, "LK-TWICE"));
    expect(row).toMatchObject({ queue: "finance", type: "charged_twice", priority: "normal", situation: "charged_twice" });
  });
});
