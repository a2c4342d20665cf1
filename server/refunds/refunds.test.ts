import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditLogs, jobs, orders, refundLimits, refunds, type Order } from "@/db/schema";
import type { Role } from "@/lib/enums";
import type { Actor } from "@/server/audit/write-audit";
import { ConflictError, ForbiddenError } from "@/server/lib/errors";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { useProviders } from "@/test/provider-env";
import { decideRefund } from "./decide-refund";
import { executeRefund } from "./execute-refund";
import { orderRefundTotals } from "./order-refund-totals";
import { requestRefund } from "./request-refund";
import { usedToday } from "./refund-authority";

const db = useTestDb();
const providers = useProviders({ REFUND_RETRY_SCHEDULE: "1s" });

let n = 0;
const person = (role: Role): Actor => {
  n++;
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, label: `${role}${n}@payops.test`, role };
};

/** A paid order of its own (fixture insert: tests are not the order state owner's business). */
async function paidOrder(amountMinor: number, over: Partial<typeof orders.$inferInsert> = {}): Promise<Order> {
  const orderNo = uniqueOrderNo("RF");
  const [o] = await db()
    .insert(orders)
    .values({ orderNo, userId: `u-${orderNo}`, amountMinor, currency: "CNY", provider: "sandbox", status: "PAID", providerTransactionId: `T-${orderNo}`, paidAt: new Date(), ...over })
    .returning();
  return o!;
}

const refundRow = async (refundNo: string) => (await db().select().from(refunds).where(eq(refunds.refundNo, refundNo)))[0]!;
const orderRow = async (orderNo: string) => (await db().select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!;
const base = { kind: "refund" as const, reasonCode: "charged_twice" as const };

describe("refund limits table", () => {
  it("is seeded with the issue's defaults (hand-written)", async () => {
    const rows = await db().select().from(refundLimits);
    const byRole = Object.fromEntries(rows.map((r) => [r.role, [r.singleMaxMinor, r.dailyMaxMinor, r.currency]]));
    expect(byRole).toEqual({
      agent: [5_000, 50_000, "CNY"],
      senior_agent: [50_000, 500_000, "CNY"],
      finance: [5_000_000, null, "CNY"],
      admin: [null, null, "CNY"],
    });
  });
});

describe("requesting a refund", () => {
  it("within the agent's limit: approved, executed by the job against the sandbox, order PARTIALLY_REFUNDED then REFUNDED", async () => {
    const agent = person("agent");
    const order = await paidOrder(8_000);
    const r1 = await requestRefund(db(), agent, { ...base, orderNo: order.orderNo, amountMinor: 5_000 });
    expect(r1.status).toBe("approved");
    expect(r1.flags).toEqual([]);
    const [job] = await db().select().from(jobs).where(eq(jobs.dedupeKey, `refund:${r1.refundNo}`));
    expect(job?.type).toBe("refund.execute");
    const res = await executeRefund(db(), r1.refundNo);
    expect(res).toMatchObject({ status: "succeeded", retry: false });
    const done = await refundRow(r1.refundNo);
    expect(done).toMatchObject({ status: "succeeded", providerStatus: "SUCCESS", providerRefundId: r1.refundNo });
    expect(done.arrivalBy).not.toBeNull();
    expect((await orderRow(order.orderNo)).status).toBe("PARTIALLY_REFUNDED");
    // the fake verified our Sandbox-Signature (unsigned requests get 401) and saw the refund once
    expect(providers.fake().sandboxRefunds.get(r1.refundNo)).toBe("SUCCESS");

    const r2 = await requestRefund(db(), agent, { ...base, orderNo: order.orderNo, amountMinor: 3_000 });
    await executeRefund(db(), r2.refundNo);
    expect((await orderRow(order.orderNo)).status).toBe("REFUNDED");
    const audits = await db().select().from(auditLogs).where(eq(auditLogs.entityId, r1.refundNo));
    expect(audits.map((a) => a.action).sort()).toEqual(["refund.request", "refund.succeeded"]);
    const orderAudits = await db().select().from(auditLogs).where(eq(auditLogs.entityId, order.orderNo));
    expect(orderAudits.map((a) => a.action)).toEqual(expect.arrayContaining(["order.partially_refunded", "order.refunded"]));
  });

  it("over the agent's single limit: pending approval, no job, nothing sent — also when the procedure is called directly", async () => {
    const agent = person("agent");
    const order = await paidOrder(20_000);
    const before = providers.fake().requests.length;
    const r = await requestRefund(db(), agent, { ...base, orderNo: order.orderNo, amountMinor: 5_001 });
    expect(r.status).toBe("pending_approval");
    expect(r.flags).toEqual(["over_single_limit"]);
    expect(await db().select().from(jobs).where(eq(jobs.dedupeKey, `refund:${r.refundNo}`))).toEqual([]);
    expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "pending_approval", retry: false });
    expect(providers.fake().requests.length).toBe(before);
    expect((await orderRow(order.orderNo)).status).toBe("PAID");
  });

  it("the daily total counts today's refunds by that person (approved and succeeded), then asks for approval", async () => {
    const agent = person("agent");
    const now = new Date();
    for (let i = 0; i < 10; i++) {
      const o = await paidOrder(5_000);
      const r = await requestRefund(db(), agent, { ...base, orderNo: o.orderNo, amountMinor: 5_000 }, now);
      expect(r.status).toBe("approved");
      if (i % 2 === 0) await executeRefund(db(), r.refundNo);
    }
    expect(await usedToday(db(), agent.id!, now)).toBe(50_000);
    const o = await paidOrder(5_000);
    const r = await requestRefund(db(), agent, { ...base, orderNo: o.orderNo, amountMinor: 1 }, now);
    expect(r).toMatchObject({ status: "pending_approval", flags: ["over_daily_limit"] });
  });

  it("never more than paid minus refunded and reserved", async () => {
    const admin = person("admin");
    const order = await paidOrder(10_000);
    await requestRefund(db(), admin, { ...base, orderNo: order.orderNo, amountMinor: 6_000 });
    await expect(requestRefund(db(), admin, { ...base, orderNo: order.orderNo, amountMinor: 4_001 })).rejects.toBeInstanceOf(ConflictError);
    await requestRefund(db(), admin, { ...base, orderNo: order.orderNo, amountMinor: 4_000 });
    await expect(requestRefund(db(), admin, { ...base, orderNo: order.orderNo, amountMinor: 1 })).rejects.toBeInstanceOf(ConflictError);
  });

  it("refuses roles without refund authority, unpaid orders, and other currencies for limited roles", async () => {
    const order = await paidOrder(1_000);
    await expect(requestRefund(db(), person("ops"), { ...base, orderNo: order.orderNo, amountMinor: 100 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestRefund(db(), person("manager"), { ...base, orderNo: order.orderNo, amountMinor: 100 })).rejects.toBeInstanceOf(ForbiddenError);
    const unpaid = await paidOrder(1_000, { status: "CREATED" });
    await expect(requestRefund(db(), person("admin"), { ...base, orderNo: unpaid.orderNo, amountMinor: 100 })).rejects.toBeInstanceOf(ConflictError);
    const usd = await paidOrder(1_000, { currency: "USD" });
    await expect(requestRefund(db(), person("agent"), { ...base, orderNo: usd.orderNo, amountMinor: 100 })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await requestRefund(db(), person("admin"), { ...base, orderNo: usd.orderNo, amountMinor: 100 })).status).toBe("approved");
  });

  it("abuse guard: the third refund to the same user (or phone) within 24 h needs approval and is flagged", async () => {
    const admin = person("admin");
    const phone = `+86139${String(Date.now()).slice(-8)}`;
    const a = await paidOrder(1_000, { userPhone: phone });
    const b = await paidOrder(1_000, { userPhone: phone });
    const c = await paidOrder(1_000, { userPhone: phone });
    expect((await requestRefund(db(), admin, { ...base, orderNo: a.orderNo, amountMinor: 100 })).status).toBe("approved");
    expect((await requestRefund(db(), admin, { ...base, orderNo: b.orderNo, amountMinor: 100 })).status).toBe("approved");
    const third = await requestRefund(db(), admin, { ...base, orderNo: c.orderNo, amountMinor: 100 });
    expect(third).toMatchObject({ status: "pending_approval", flags: ["repeat_refunds"] });
  });

  it("alternatives: compensation and reship go through the same limits, are recorded, and call no provider", async () => {
    const agent = person("agent");
    const order = await paidOrder(8_000);
    const before = providers.fake().requests.length;
    const comp = await requestRefund(db(), agent, { kind: "compensation", reasonCode: "incident_goodwill", orderNo: order.orderNo, amountMinor: 1_000 });
    expect(comp.status).toBe("approved");
    expect(await executeRefund(db(), comp.refundNo)).toMatchObject({ status: "succeeded" });
    expect((await refundRow(comp.refundNo)).providerStatus).toBe("COMPENSATION_RECORDED");
    const reship = await requestRefund(db(), agent, { kind: "reship", reasonCode: "paid_not_delivered", orderNo: order.orderNo, amountMinor: 6_000 });
    expect(reship).toMatchObject({ status: "pending_approval", flags: ["over_single_limit"] });
    expect(providers.fake().requests.length).toBe(before);
    expect((await orderRow(order.orderNo)).status).toBe("PAID");
    expect(await orderRefundTotals(db(), order.id)).toEqual({ refundedMinor: 0, pendingMinor: 0 });
  });
});

describe("approving and rejecting", () => {
  it("never by the requester; only within the approver's own limit; approval then executes", async () => {
    const senior = person("senior_agent");
    const order = await paidOrder(100_000);
    const r = await requestRefund(db(), senior, { ...base, orderNo: order.orderNo, amountMinor: 60_000 });
    expect(r.status).toBe("pending_approval");
    await expect(decideRefund(db(), senior, "approve", { refundNo: r.refundNo, reason: "ok" })).rejects.toThrow(/own refund request/);
    await expect(decideRefund(db(), person("senior_agent"), "approve", { refundNo: r.refundNo, reason: "ok" })).rejects.toThrow(/above your own refund limit/);
    await expect(decideRefund(db(), person("agent"), "approve", { refundNo: r.refundNo, reason: "ok" })).rejects.toBeInstanceOf(ForbiddenError);
    const finance = person("finance");
    const approved = await decideRefund(db(), finance, "approve", { refundNo: r.refundNo, reason: "duplicate charge confirmed in the statement" });
    expect(approved).toMatchObject({ status: "approved", decidedBy: finance.id, decisionReason: "duplicate charge confirmed in the statement" });
    await expect(decideRefund(db(), person("admin"), "reject", { refundNo: r.refundNo, reason: "late" })).rejects.toBeInstanceOf(ConflictError);
    expect(await db().select().from(jobs).where(eq(jobs.dedupeKey, `refund:${r.refundNo}`))).toHaveLength(1);
    await executeRefund(db(), r.refundNo);
    expect((await orderRow(order.orderNo)).status).toBe("PARTIALLY_REFUNDED");
    const audit = await db().select().from(auditLogs).where(and(eq(auditLogs.entityId, r.refundNo), eq(auditLogs.action, "refund.approve")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(finance.id);
  });

  it("rejection frees the reserved amount and records the reason", async () => {
    const agent = person("agent");
    const order = await paidOrder(10_000);
    const r = await requestRefund(db(), agent, { ...base, orderNo: order.orderNo, amountMinor: 10_000 });
    expect(await orderRefundTotals(db(), order.id)).toEqual({ refundedMinor: 0, pendingMinor: 10_000 });
    const rejected = await decideRefund(db(), person("senior_agent"), "reject", { refundNo: r.refundNo, reason: "user already got a reship" });
    expect(rejected.status).toBe("rejected");
    expect(await orderRefundTotals(db(), order.id)).toEqual({ refundedMinor: 0, pendingMinor: 0 });
    await expect(decideRefund(db(), person("senior_agent"), "reject", { refundNo: r.refundNo, reason: "again" })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("provider outcomes (sandbox fake)", () => {
  it("PROCESSING is asked again with the same refund no and later succeeds", async () => {
    providers.fake().setSandboxRefundMode(() => ({ status: "PROCESSING", settlesAfter: 2 }));
    try {
      const order = await paidOrder(2_000);
      const r = await requestRefund(db(), person("admin"), { ...base, orderNo: order.orderNo, amountMinor: 2_000 });
      expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "processing", retry: true });
      expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "processing", retry: true });
      expect((await orderRow(order.orderNo)).status).toBe("PAID");
      expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "succeeded", retry: false });
      expect((await orderRow(order.orderNo)).status).toBe("REFUNDED");
      const sent = providers.fake().requests.filter((q) => q.url.includes("/refunds"));
      expect(sent.filter((q) => q.body.includes(r.refundNo) || q.url.includes(r.refundNo))).toHaveLength(3);
    } finally {
      providers.fake().setSandboxRefundMode(() => ({ status: "SUCCESS" }));
    }
  });

  it("a 503 is retried (amount stays reserved); FAILED frees it", async () => {
    const order = await paidOrder(2_000);
    const r = await requestRefund(db(), person("admin"), { ...base, orderNo: order.orderNo, amountMinor: 1_500 });
    providers.fake().failNext("sandbox", 1);
    expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "processing", retry: true });
    expect((await refundRow(r.refundNo)).lastError).toMatch(/http_503/);
    expect(await orderRefundTotals(db(), order.id)).toEqual({ refundedMinor: 0, pendingMinor: 1_500 });
    expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "processing", retry: true }); // query: unknown to the sandbox → create again
    expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "succeeded" });

    providers.fake().setSandboxRefundMode(() => ({ status: "FAILED" }));
    try {
      const other = await paidOrder(2_000);
      const f = await requestRefund(db(), person("admin"), { ...base, orderNo: other.orderNo, amountMinor: 2_000 });
      expect(await executeRefund(db(), f.refundNo)).toMatchObject({ status: "failed", retry: false });
      expect(await orderRefundTotals(db(), other.id)).toEqual({ refundedMinor: 0, pendingMinor: 0 });
      expect((await orderRow(other.orderNo)).status).toBe("PAID");
    } finally {
      providers.fake().setSandboxRefundMode(() => ({ status: "SUCCESS" }));
    }
  });

  it("the same refund no with another amount is refused by the sandbox (give up, never a loop)", async () => {
    const order = await paidOrder(2_000);
    const r = await requestRefund(db(), person("admin"), { ...base, orderNo: order.orderNo, amountMinor: 500 });
    await executeRefund(db(), r.refundNo);
    // the same refund again: one refund
    const again = await executeRefund(db(), r.refundNo);
    expect(again.status).toBe("succeeded");
    // tamper: pretend a bug changed the amount under the same refund no
    await db().update(refunds).set({ status: "approved", sentAt: null, amountMinor: 600 }).where(eq(refunds.refundNo, r.refundNo));
    expect(await executeRefund(db(), r.refundNo)).toMatchObject({ status: "failed", retry: false });
    expect((await refundRow(r.refundNo)).lastError).toMatch(/discordant_repeat_request/);
  });
});

describe("over-refund property (random sequences, interleaved on one connection)", () => {
  it("the reserved + refunded amount never exceeds what was paid", { timeout: 120_000 }, async () => {
    const step = fc.record({
      who: fc.constantFrom<Role>("agent", "senior_agent", "finance", "admin"),
      amount: fc.integer({ min: 1, max: 12_000 }),
      then: fc.constantFrom("execute", "approve", "reject", "none"),
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20_000 }), fc.array(step, { minLength: 1, maxLength: 8 }), async (paid, steps) => {
        const order = await paidOrder(paid);
        for (const s of steps) {
          let r;
          try {
            r = await requestRefund(db(), person(s.who), { ...base, orderNo: order.orderNo, amountMinor: s.amount });
          } catch (e) {
            if (!(e instanceof ConflictError)) throw e;
            continue;
          }
          if (r.status === "pending_approval" && s.then !== "none") {
            await decideRefund(db(), person("admin"), s.then === "reject" ? "reject" : "approve", { refundNo: r.refundNo, reason: "property" });
          }
          if (s.then === "execute" || s.then === "approve") await executeRefund(db(), r.refundNo);
          const t = await orderRefundTotals(db(), order.id);
          expect(t.refundedMinor + t.pendingMinor).toBeLessThanOrEqual(paid);
          const o = await orderRow(order.orderNo);
          expect(o.status).toBe(t.refundedMinor === 0 ? "PAID" : t.refundedMinor >= paid ? "REFUNDED" : "PARTIALLY_REFUNDED");
        }
      }),
      { numRuns: 25 },
    );
  });
});
