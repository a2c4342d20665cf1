import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { callbackEvents, discrepancies, jobAttempts, jobs, orders, paymentEvents, securityNotices, users } from ".";

// docs/adr/0005-foreign-keys.md: which references the database enforces, what a delete does, and which
// rows deliberately have none. Each case below is a row that must (or must still) be refused or allowed.
const db = useTestDb();

let seq = 0;
const no = (p: string) => `FK-${p}-${Date.now().toString(36)}-${++seq}`;
const fkViolation = { cause: expect.objectContaining({ code: "23503" }) }; // foreign_key_violation
// ON DELETE RESTRICT: PostgreSQL 15 (CI) reports it as 23503, the newer PostgreSQL inside PGlite as 23001 (restrict_violation).
const restrictViolation = { cause: expect.objectContaining({ code: expect.stringMatching(/^(23001|23503)$/) }) };

async function order(orderNo = no("O")) {
  await db().insert(orders).values({ orderNo, userId: "u", amountMinor: 100, currency: "CNY", provider: "sandbox" });
  return orderNo;
}
async function message(orderNo: string | null) {
  const [row] = await db().insert(callbackEvents).values({ provider: "sandbox", headers: {}, body: "{}", verification: "verified", orderNo }).returning({ id: callbackEvents.id });
  return row!.id;
}
async function user() {
  const [row] = await db().insert(users).values({ email: `${no("u")}@fk.test`, name: "fk", passwordHash: "x", role: "agent" }).returning({ id: users.id });
  return row!.id;
}
const payment = (callbackEventId: number, orderNo: string) => ({ provider: "sandbox" as const, dedupeKey: no("k"), callbackEventId, orderNo, providerStatus: "SUCCESS", result: "applied" as const });
const discrepancy = (orderNo: string, callbackEventId: number | null = null) => ({
  type: "amount_mismatch" as const,
  risk: "high" as const,
  provider: "sandbox" as const,
  orderNo,
  providerTransactionId: no("t"),
  ourFacts: {},
  providerFacts: {},
  callbackEventId,
});

describe("foreign keys", () => {
  it("keeps a callback for an order not registered yet: callback_events has no reference to orders", async () => {
    await expect(message(no("NOT-YET"))).resolves.toBeGreaterThan(0);
  });

  it("refuses a payment event for an unknown order or message, and keeps the evidence of one that exists", async () => {
    const orderNo = await order();
    const id = await message(orderNo);
    await expect(db().insert(paymentEvents).values(payment(id, no("MISSING")))).rejects.toMatchObject(fkViolation);
    await expect(db().insert(paymentEvents).values(payment(987_654_321, orderNo))).rejects.toMatchObject(fkViolation);
    await db().insert(paymentEvents).values(payment(id, orderNo));
    // ON DELETE RESTRICT: neither the applied message nor the order can disappear from under it.
    await expect(db().delete(callbackEvents).where(eq(callbackEvents.id, id))).rejects.toMatchObject(restrictViolation);
    await expect(db().delete(orders).where(eq(orders.orderNo, orderNo))).rejects.toMatchObject(restrictViolation);
  });

  it("refuses a discrepancy about an unknown order, and an order or message with a discrepancy cannot be deleted", async () => {
    await expect(db().insert(discrepancies).values(discrepancy(no("MISSING")))).rejects.toMatchObject(fkViolation);
    const orderNo = await order();
    const id = await message(orderNo);
    await db().insert(discrepancies).values(discrepancy(orderNo, id));
    await expect(db().delete(callbackEvents).where(eq(callbackEvents.id, id))).rejects.toMatchObject(restrictViolation);
    await expect(db().delete(orders).where(eq(orders.orderNo, orderNo))).rejects.toMatchObject(restrictViolation);
  });

  it("refuses a discrepancy resolved by nobody we know", async () => {
    const orderNo = await order();
    await expect(db().insert(discrepancies).values({ ...discrepancy(orderNo), status: "resolved", resolvedBy: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject(fkViolation);
    await expect(db().insert(discrepancies).values({ ...discrepancy(orderNo), status: "resolved", resolvedBy: await user() })).resolves.toBeDefined();
  });

  it("jobs: an order's job needs the order, housekeeping jobs need none, attempts go with their job", async () => {
    await expect(db().insert(jobs).values({ type: "order.fulfil", payload: {}, maxAttempts: 1, orderNo: no("MISSING") })).rejects.toMatchObject(fkViolation);
    const [house] = await db().insert(jobs).values({ type: "housekeeping", payload: {}, maxAttempts: 1 }).returning({ id: jobs.id });
    await db().insert(jobAttempts).values({ jobId: house!.id, attempt: 1, workerId: "w", startedAt: new Date() });
    await expect(db().insert(jobAttempts).values({ jobId: 987_654_321, attempt: 1, workerId: "w", startedAt: new Date() })).rejects.toMatchObject(fkViolation);
    // ON DELETE CASCADE: deleting a job (future retention) takes its attempts along.
    await db().delete(jobs).where(eq(jobs.id, house!.id));
    expect(await db().select().from(jobAttempts).where(eq(jobAttempts.jobId, house!.id))).toEqual([]);
  });

  it("security notices belong to a user and go with them", async () => {
    await expect(db().insert(securityNotices).values({ userId: "00000000-0000-4000-8000-000000000000", kind: "failed_sign_in_burst", details: {} })).rejects.toMatchObject(fkViolation);
    const userId = await user();
    await db().insert(securityNotices).values({ userId, kind: "failed_sign_in_burst", details: {} });
    await db().delete(users).where(eq(users.id, userId));
    expect(await db().select().from(securityNotices).where(eq(securityNotices.userId, userId))).toEqual([]);
  });
});
