import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, jobs, orders, tickets, userNotices } from "@/db/schema";
import type { Role } from "@/lib/enums";
import { createCaller } from "@/server/api/root";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { resendFulfilment } from "@/server/orders/resend-fulfilment";
import { useTestDb } from "@/test/db";
import { findCustomer, listCustomerOrders } from "./find-customer";
import { revealCustomer } from "./reveal-customer";

const db = useTestDb();
const T0 = Date.UTC(2026, 10, 20, 8, 0);
const at = (m: number) => new Date(T0 + m * 60_000);
const PHONE = "13955550001";
const agent = { id: null, label: "agent@cust.test", role: "agent" as const };
const callerFor = (role: Role) => createCaller({ user: { id: randomUUID(), email: `${role}@cust.test`, name: role, role, locale: null }, requestId: `cust-${role}` });

beforeAll(async () => {
  const base = { currency: "CNY", provider: "sandbox" as const, amountMinor: 2990 };
  await db()
    .insert(orders)
    .values([
      { ...base, orderNo: "CUST-A1", userId: "u-cust-a", userPhone: PHONE, status: "FULFILLED", providerTransactionId: "SBXCUSTA1", paidAt: at(1), fulfilledAt: at(2), createdAt: at(0) },
      { ...base, orderNo: "CUST-A2", userId: "u-cust-a", userPhone: PHONE, status: "PAID", providerTransactionId: "SBXCUSTA2", paidAt: at(11), createdAt: at(10) },
      { ...base, orderNo: "CUST-A3", userId: "u-cust-a", userPhone: PHONE, status: "CREATED", createdAt: at(20) },
      // Another person on the same phone (a shared family number): the phone finds both.
      { ...base, orderNo: "CUST-B1", userId: "u-cust-b", userPhone: PHONE, status: "CLOSED", createdAt: at(5) },
      // A user id that looks like an order no of someone else.
      { ...base, orderNo: "CUST-C1", userId: "CUST-A1", userPhone: "13900000009", status: "CREATED", createdAt: at(30) },
    ]);
  await db().insert(tickets).values({ number: "T-2026-900001", subject: "where is my order", description: "paid", source: "console", orderNo: "CUST-A2", createdBy: "agent@cust.test" });
  await db().insert(userNotices).values({ orderNo: "CUST-A3", userId: "u-cust-a", situation: "paid_not_updated", createdBy: "detection", status: "sent", sentAt: at(25) });
});

describe("findCustomer", () => {
  it("by phone: exact, as stored or as bare digits; finds every person on that number", async () => {
    const r = await findCustomer(db(), PHONE);
    expect(r.triedAs).toEqual(["phone", "orderNo", "transactionId", "userId"]);
    expect(r.people.map((p) => p.userId).sort()).toEqual(["u-cust-a", "u-cust-b"]);
    expect((await findCustomer(db(), "139-5555-0001")).people.map((p) => p.userId).sort()).toEqual(["u-cust-a", "u-cust-b"]);
    // A partial number is not a phone match.
    expect((await findCustomer(db(), "1395555")).people).toEqual([]);
  });

  it("by order no, transaction id and user id, naming the order searched for", async () => {
    expect((await findCustomer(db(), "CUST-A2")).people).toEqual([{ userId: "u-cust-a", phone: PHONE, matchedBy: ["orderNo"], orderNo: "CUST-A2" }]);
    expect((await findCustomer(db(), "SBXCUSTA1")).people).toEqual([{ userId: "u-cust-a", phone: PHONE, matchedBy: ["transactionId"], orderNo: "CUST-A1" }]);
    expect((await findCustomer(db(), "u-cust-b")).people).toEqual([{ userId: "u-cust-b", phone: PHONE, matchedBy: ["userId"], orderNo: null }]);
    // "CUST-A1" is an order no of u-cust-a and the user id of another person: both fit, both are shown.
    const both = await findCustomer(db(), "CUST-A1");
    expect(both.triedAs).toEqual(["orderNo", "transactionId", "userId"]);
    expect(both.people.map((p) => [p.userId, p.matchedBy])).toEqual([
      ["u-cust-a", ["orderNo"]],
      ["CUST-A1", ["userId"]],
    ]);
    expect((await findCustomer(db(), "nobody")).people).toEqual([]);
    expect((await findCustomer(db(), "   ")).people).toEqual([]);
  });

  it("lists a person's orders newest first, paged, with the plain-language state, tickets and notices", async () => {
    const first = await listCustomerOrders(db(), { userId: "u-cust-a", limit: 2 });
    expect(first.items.map((o) => [o.orderNo, o.situation])).toEqual([
      ["CUST-A3", "not_paid"],
      ["CUST-A2", "processing"],
    ]);
    expect(first.items[1]!.tickets.map((t) => t.number)).toEqual(["T-2026-900001"]);
    expect(first.items[0]!.noticeCount).toBe(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await listCustomerOrders(db(), { userId: "u-cust-a", limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((o) => [o.orderNo, o.situation])).toEqual([["CUST-A1", "done"]]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("customer router: masking per role", () => {
  for (const role of ["agent", "senior_agent", "manager"] as const) {
    it(`masks phones for ${role}`, async () => {
      const c = callerFor(role);
      const found = await c.customer.find({ q: PHONE });
      expect(found.phoneMasked).toBe(true);
      const text = superjson.stringify([found, await c.customer.orders({ userId: "u-cust-a" })]);
      expect(text).not.toContain(PHONE);
      expect(text).toContain("139****0001");
    });
  }
  for (const role of ["finance", "ops", "admin"] as const) {
    it(`shows phones whole to ${role}`, async () => {
      const found = await callerFor(role).customer.find({ q: "CUST-A2" });
      expect(found.phoneMasked).toBe(false);
      expect(found.people[0]!.phone).toBe(PHONE);
    });
  }
});

describe("revealing a phone", () => {
  it("returns the full numbers and writes the audit row with the reason code and note", async () => {
    const before = await db().select().from(auditLogs).where(eq(auditLogs.action, "customer.reveal"));
    const r = await revealCustomer(db(), agent, { userId: "u-cust-a", reason: "callback_requested", note: "user asked for a call back" });
    expect(r.phones).toEqual([PHONE]);
    const rows = await db().select().from(auditLogs).where(and(eq(auditLogs.action, "customer.reveal"), eq(auditLogs.entityId, "u-cust-a")));
    expect(rows.length).toBe(before.length + 1);
    expect(rows.at(-1)).toMatchObject({ actorLabel: "agent@cust.test", entityType: "customer", after: { reason: "callback_requested", note: "user asked for a call back", count: 1 } });
  });

  it("is refused without a reason, in the domain and at the procedure, and writes nothing", async () => {
    const count = async () => (await db().select().from(auditLogs).where(eq(auditLogs.action, "customer.reveal"))).length;
    const n = await count();
    await expect(revealCustomer(db(), agent, { userId: "u-cust-a", reason: "identity_check", note: "  ok " })).rejects.toBeInstanceOf(ValidationError);
    await expect(callerFor("agent").customer.reveal({ userId: "u-cust-a", reason: "identity_check", note: "" })).rejects.toBeInstanceOf(TRPCError);
    await expect(callerFor("manager").customer.reveal({ userId: "u-cust-a", reason: "identity_check", note: "manager wants to see" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await count()).toBe(n);
  });
});

describe("resendFulfilment", () => {
  it("re-enqueues the fulfilment of a PAID order through the job runner, audited; refuses while one is queued", async () => {
    // The first delivery gave up (dead letter); it holds the order's fulfil dedupe key.
    await db().insert(jobs).values({ type: "order.fulfil", payload: { orderNo: "CUST-A2" }, status: "dead", maxAttempts: 3, attempts: 3, dedupeKey: "fulfil:CUST-A2", orderNo: "CUST-A2" });
    const { jobId } = await resendFulfilment(db(), agent, "CUST-A2", at(60));
    const [job] = await db().select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ type: "order.fulfil", status: "pending", orderNo: "CUST-A2", payload: { orderNo: "CUST-A2" }, dedupeKey: "fulfil:CUST-A2:resend:1" });
    const audit = await db().select().from(auditLogs).where(and(eq(auditLogs.action, "order.resend_fulfilment"), eq(auditLogs.entityId, "CUST-A2")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "agent@cust.test", after: { jobId } });
    // A second click while the first resend is still queued: refused, nothing new.
    await expect(resendFulfilment(db(), agent, "CUST-A2")).rejects.toBeInstanceOf(ConflictError);
    expect(await db().select().from(jobs).where(eq(jobs.orderNo, "CUST-A2"))).toHaveLength(2);
  });

  it("only for paid, not fulfilled orders", async () => {
    await expect(resendFulfilment(db(), agent, "CUST-A1")).rejects.toBeInstanceOf(ConflictError); // FULFILLED
    await expect(resendFulfilment(db(), agent, "CUST-A3")).rejects.toBeInstanceOf(ConflictError); // CREATED
    await expect(callerFor("agent").customer.resendFulfilment({ orderNo: "NO-SUCH" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor("finance").customer.resendFulfilment({ orderNo: "CUST-A2" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().select().from(jobs).where(eq(jobs.orderNo, "CUST-A1"))).toHaveLength(0);
  });
});
