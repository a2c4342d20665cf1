import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, callbackEvents, jobs, orders } from "@/db/schema";
import { getEnv } from "@/server/env";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { registerOrder, type RegisterOrderInput } from "./register-order";

// The merchant's registration of an order (POST /api/v1/orders calls this verb): what is accepted, what is
// stored, and when the same order number is the same order (idempotent) or a conflict — every field
// compared in full (issue #6: "a re-registration that changes one field").

const db = useTestDb();

const valid = (over: Partial<RegisterOrderInput> = {}): RegisterOrderInput => ({
  orderNo: uniqueOrderNo("R"),
  userId: "user-1",
  userPhone: "+86 138-0013-8000",
  amountMinor: 1230,
  currency: "CNY",
  provider: "sandbox",
  subject: "Tea, 2 boxes",
  expiresAt: "2026-11-20T10:00:00+08:00",
  ...over,
});

async function refusal(input: RegisterOrderInput): Promise<{ error: unknown; fields: Record<string, string[] | undefined> }> {
  const error = await registerOrder(db(), input).then(
    () => undefined,
    (e: unknown) => e,
  );
  const fields = ((error as ValidationError | undefined)?.details as { fields?: Record<string, string[]> } | undefined)?.fields ?? {};
  return { error, fields };
}

describe("registerOrder: a new order", () => {
  it("stores exactly what was sent, audits it and schedules the first status query", async () => {
    const input = valid({ currency: "usd" });
    const { order, created } = await registerOrder(db(), input);
    expect(created).toBe(true);
    expect(order).toMatchObject({
      orderNo: input.orderNo,
      userId: "user-1",
      userPhone: "+86 138-0013-8000",
      amountMinor: 1230,
      currency: "USD",
      provider: "sandbox",
      subject: "Tea, 2 boxes",
      status: "CREATED",
    });
    expect(order.expiresAt?.toISOString()).toBe("2026-11-20T02:00:00.000Z");

    const audits = await db().select().from(auditLogs).where(and(eq(auditLogs.entityId, input.orderNo), eq(auditLogs.action, "order.create")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entityType: "order", actorLabel: expect.stringContaining("merchant-api") });
    expect(audits[0]!.after).toMatchObject({ orderNo: input.orderNo, userId: "user-1", amountMinor: 1230, currency: "USD", provider: "sandbox", subject: "Tea, 2 boxes" });

    const queries = await db().select().from(jobs).where(and(eq(jobs.orderNo, input.orderNo), eq(jobs.type, "order.status-query")));
    expect(queries).toHaveLength(1);
    expect(queries[0]!.runAt.getTime()).toBe(order.createdAt.getTime() + getEnv().JANITOR_AFTER);
  });

  it("stores absent optional fields as null and defaults the currency to CNY", async () => {
    const { order } = await registerOrder(db(), { orderNo: uniqueOrderNo("R"), userId: "u", amountMinor: 1, provider: "alipay" });
    expect(order).toMatchObject({ userPhone: null, subject: null, expiresAt: null, currency: "CNY", provider: "alipay" });
  });

  it("puts callbacks that arrived before the order back into the inbox", async () => {
    const orderNo = uniqueOrderNo("R");
    const [early] = await db()
      .insert(callbackEvents)
      .values({ provider: "sandbox", headers: {}, body: "{}", verification: "verified", outcome: "unknown_order", orderNo })
      .returning({ id: callbackEvents.id });
    const [other] = await db()
      .insert(callbackEvents)
      .values({ provider: "sandbox", headers: {}, body: "{}", verification: "verified", outcome: "unknown_order", orderNo: uniqueOrderNo("R") })
      .returning({ id: callbackEvents.id });
    await registerOrder(db(), valid({ orderNo }));
    const outcome = async (id: number) => (await db().select({ outcome: callbackEvents.outcome }).from(callbackEvents).where(eq(callbackEvents.id, id)))[0]!.outcome;
    expect(await outcome(early!.id)).toBe("received");
    expect(await outcome(other!.id)).toBe("unknown_order");
  });
});

describe("registerOrder: the same order number again", () => {
  it("is the same order when every field is the same (created: false, nothing written)", async () => {
    const input = valid();
    const first = await registerOrder(db(), input);
    const again = await registerOrder(db(), { ...input, currency: "cny" });
    expect(again.created).toBe(false);
    expect(again.order.id).toBe(first.order.id);
    expect(await db().select().from(auditLogs).where(and(eq(auditLogs.entityId, input.orderNo), eq(auditLogs.action, "order.create")))).toHaveLength(1);
  });

  it("is also the same order with the expiry written in another offset", async () => {
    const input = valid({ expiresAt: "2026-11-20T10:00:00+08:00" });
    await registerOrder(db(), input);
    expect((await registerOrder(db(), { ...input, expiresAt: "2026-11-20T02:00:00Z" })).created).toBe(false);
  });

  const changes: [string, Partial<RegisterOrderInput>][] = [
    ["userId", { userId: "user-2" }],
    ["userPhone", { userPhone: "+86 138-0013-8001" }],
    ["userPhone", { userPhone: undefined }],
    ["amountMinor", { amountMinor: 1231 }],
    ["currency", { currency: "USD" }],
    ["provider", { provider: "stripe" }],
    ["subject", { subject: "Tea, 3 boxes" }],
    ["subject", { subject: undefined }],
    ["expiresAt", { expiresAt: "2026-11-20T10:00:01+08:00" }],
    ["expiresAt", { expiresAt: undefined }],
  ];
  it.each(changes)("is a conflict naming the one field that differs: %s", async (field, change) => {
    const input = valid();
    await registerOrder(db(), input);
    const { error } = await refusal({ ...input, ...change });
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe(`order ${input.orderNo} already exists with different data`);
    expect((error as ConflictError).details).toEqual({ fields: [field] });
  });

  it("is a conflict on an expiry added to an order registered without one", async () => {
    const input = valid({ expiresAt: undefined });
    await registerOrder(db(), input);
    const { error } = await refusal({ ...input, expiresAt: "2026-11-20T10:00:00+08:00" });
    expect((error as ConflictError).details).toEqual({ fields: ["expiresAt"] });
  });

  it("names every differing field at once", async () => {
    const input = valid();
    await registerOrder(db(), input);
    const { error } = await refusal({ ...input, amountMinor: 1, subject: "other", expiresAt: undefined });
    expect((error as ConflictError).details).toEqual({ fields: ["amountMinor", "subject", "expiresAt"] });
  });
});

describe("registerOrder: what is refused", () => {
  const long = (n: number) => "a".repeat(n);
  const refused: [string, string, Partial<RegisterOrderInput>][] = [
    ["an empty order number", "orderNo", { orderNo: "" }],
    ["an order number of 65 characters", "orderNo", { orderNo: long(65) }],
    ["an order number with a space", "orderNo", { orderNo: "A 1" }],
    ["an order number with a dot", "orderNo", { orderNo: "A.1" }],
    ["an empty user id", "userId", { userId: "" }],
    ["a user id of 129 characters", "userId", { userId: long(129) }],
    ["a user id with NUL", "userId", { userId: "u\u0000" }],
    ["a user id with a control character", "userId", { userId: "u\u001f" }],
    ["a user id with DEL", "userId", { userId: "u\u007f" }],
    ["a user id with a lone high surrogate", "userId", { userId: "u\uD800" }],
    ["a user id with a lone low surrogate", "userId", { userId: "\uDC00u" }],
    ["a phone with letters", "userPhone", { userPhone: "138abc00138" }],
    ["a phone of 4 digits", "userPhone", { userPhone: "1380" }],
    ["a phone of 21 digits", "userPhone", { userPhone: "1".repeat(21) }],
    ["a phone with a plus inside", "userPhone", { userPhone: "86+13800138000" }],
    ["a zero amount", "amountMinor", { amountMinor: 0 }],
    ["a negative amount", "amountMinor", { amountMinor: -1 }],
    ["a fractional amount", "amountMinor", { amountMinor: 1.5 }],
    ["an amount beyond 2^53", "amountMinor", { amountMinor: 2 ** 53 }],
    ["a currency not in ISO 4217", "currency", { currency: "ZZZ" }],
    ["an unknown provider", "provider", { provider: "paypal" as never }],
    ["a subject of 257 characters", "subject", { subject: long(257) }],
    ["a subject with NUL", "subject", { subject: "tea\u0000" }],
    ["an expiry without an offset", "expiresAt", { expiresAt: "2026-11-20T10:00:00" }],
    ["a date without a time as expiry", "expiresAt", { expiresAt: "2026-11-20" }],
  ];
  it.each(refused)("refuses %s (the field is named)", async (_what, field, change) => {
    const input = valid(change);
    const { error, fields } = await refusal(input);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe("invalid order");
    expect(Object.keys(fields)).toEqual([field]);
    expect(await db().select().from(orders).where(eq(orders.orderNo, input.orderNo))).toHaveLength(0);
  });

  it("says why, in words a merchant's developer can act on", async () => {
    expect((await refusal(valid({ orderNo: "A 1" }))).fields.orderNo).toEqual(["letters, digits, _ - * only"]);
    expect((await refusal(valid({ userId: "u\u0000" }))).fields.userId).toEqual(["contains NUL or control characters"]);
    expect((await refusal(valid({ userId: "u\uD800" }))).fields.userId).toEqual(["contains a lone surrogate (invalid Unicode)"]);
    expect((await refusal(valid({ userPhone: "abc" }))).fields.userPhone).toEqual(["not a phone number"]);
    expect((await refusal(valid({ amountMinor: 1.5 }))).fields.amountMinor).toEqual(["must be an integer of minor units"]);
    expect((await refusal(valid({ amountMinor: 2 ** 53 }))).fields.amountMinor).toContain("too large");
    expect((await refusal(valid({ currency: "ZZZ" }))).fields.currency).toEqual(["must be an ISO-4217 currency code in use (e.g. CNY, USD, JPY)"]);
  });

  const accepted: [string, Partial<RegisterOrderInput>][] = [
    ["an order number of 64 characters with every allowed sign", { orderNo: `Az09_-*${uniqueOrderNo("R")}`.padEnd(64, "x") }],
    ["a user id of 128 characters", { userId: long(128) }],
    ["a user id with a surrogate pair (emoji)", { userId: "u😀" }],
    ["a phone of 5 digits", { userPhone: "13800" }],
    ["a phone of 20 characters", { userPhone: "+8613800138000123456" }],
    ["the largest safe amount", { amountMinor: Number.MAX_SAFE_INTEGER }],
    ["a subject of 256 characters", { subject: long(256) }],
    ["an expiry in UTC", { expiresAt: "2026-11-20T02:00:00Z" }],
  ];
  it.each(accepted)("accepts %s", async (_what, change) => {
    expect((await registerOrder(db(), valid(change))).created).toBe(true);
  });
});
