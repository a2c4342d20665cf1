import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, callbackEvents, discrepancies, jobs, orders } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { createCaller } from "../root";

// Each console list procedure, as the console calls it: paged two rows at a time until nextCursor is null,
// every seeded row seen exactly once and in order, filters applied, and foreign or forged cursors refused.
const getDb = useTestDb();
const admin = () => createCaller({ user: { id: randomUUID(), email: "admin@lists.test", name: "admin", role: "admin", locale: null }, requestId: "lists" });

async function walk<T>(fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await fetch(cursor);
    seen.push(...page.items);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("did not reach the last page");
}

const t0 = Date.parse("2025-11-22T00:00:00Z");
// Two rows per instant: the id decides between them.
const at = (i: number) => new Date(t0 + Math.floor(i / 2) * 1000);

beforeAll(async () => {
  const db = getDb();
  await db.insert(orders).values(
    Array.from({ length: 7 }, (_, i) => ({
      orderNo: `LST-${i}`,
      userId: "lists",
      amountMinor: 100 + i,
      currency: "CNY",
      provider: i % 2 ? ("alipay" as const) : ("stripe" as const),
      status: i === 3 ? ("PAID" as const) : ("CREATED" as const),
      needsReview: i === 4,
      createdAt: at(i),
    })),
  );
  await db.insert(jobs).values(Array.from({ length: 5 }, (_, i) => ({ type: "lists.job", payload: { i }, maxAttempts: 1, status: i === 0 ? ("dead" as const) : ("pending" as const) })));
  await db.insert(callbackEvents).values(
    Array.from({ length: 5 }, (_, i) => ({ provider: "sandbox" as const, headers: {}, body: "{}", outcome: i % 2 ? ("rejected" as const) : ("malformed" as const), orderNo: `LST-CB-${i}` })),
  );
  await db.insert(discrepancies).values(
    (["low", "high", "medium", "high", "low"] as const).map((risk, i) => ({
      type: "amount_mismatch" as const,
      risk,
      provider: "alipay" as const,
      orderNo: `LST-${i}`,
      providerTransactionId: `LST-D-${i}`,
      ourFacts: {},
      providerFacts: {},
      detectedAt: at(i),
    })),
  );
  await db.insert(auditLogs).values(
    Array.from({ length: 5 }, (_, i) => ({ actorLabel: i % 2 ? "a@lists.test" : "b@lists.test", action: "lists.test", entityType: "lists", entityId: `E-${i}`, createdAt: at(i) })),
  );
});

describe("list procedures page with one opaque cursor", () => {
  it("order.search: newest first (ties by id), each order once; filters; oldest first on request", async () => {
    const seen = await walk((cursor) => admin().order.search({ cursor, limit: 2 }).then((p) => ({ ...p, items: p.items.filter((o) => o.userId === "lists") })));
    // Other files' orders are not seeded here, but other tests in this file could add some: keep ours.
    expect(seen.map((o) => o.orderNo).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `LST-${i}`).sort());
    expect(seen.map((o) => o.createdAt.getTime())).toEqual([...seen.map((o) => o.createdAt.getTime())].sort((a, b) => b - a));
    const alipay = await walk((cursor) => admin().order.search({ provider: "alipay", cursor, limit: 2 }));
    expect(alipay.map((o) => o.orderNo)).toEqual(["LST-5", "LST-3", "LST-1"]);
    expect((await admin().order.search({ status: "PAID" })).items.map((o) => o.orderNo)).toEqual(["LST-3"]);
    expect((await admin().order.search({ needsReview: true })).items.map((o) => o.orderNo)).toEqual(["LST-4"]);
    const oldest = await walk((cursor) => admin().order.search({ sort: "createdAt.asc", cursor, limit: 3 }));
    expect(oldest.map((o) => o.orderNo)).toEqual([...seen.map((o) => o.orderNo)].reverse());
  });

  it("job.list: one status, newest first, each job once", async () => {
    const pending = await walk((cursor) => admin().job.list({ type: "lists.job", status: "pending", cursor, limit: 2 }));
    expect(pending).toHaveLength(4);
    expect(pending.map((j) => j.id)).toEqual([...pending.map((j) => j.id)].sort((a, b) => b - a));
    const r = await admin().job.list({ type: "lists.job", status: "dead" });
    expect(r.items).toHaveLength(1);
    expect(r.counts).toMatchObject({ dead: 1, pending: 4 });
  });

  it("callback.list: problem messages newest first, each once; by kind", async () => {
    const all = await walk((cursor) => admin().callback.list({ cursor, limit: 2 }));
    expect(all.map((c) => c.orderNo)).toEqual(["LST-CB-4", "LST-CB-3", "LST-CB-2", "LST-CB-1", "LST-CB-0"]);
    const rejected = await walk((cursor) => admin().callback.list({ kind: "rejected", cursor, limit: 1 }));
    expect(rejected.map((c) => c.orderNo)).toEqual(["LST-CB-3", "LST-CB-1"]);
  });

  it("discrepancy.list: riskiest then newest, each once", async () => {
    const open = await walk((cursor) => admin().discrepancy.list({ cursor, limit: 2 }));
    expect(open.map((d) => d.providerTransactionId)).toEqual(["LST-D-3", "LST-D-1", "LST-D-2", "LST-D-4", "LST-D-0"]);
  });

  it("audit.list: newest first, each row once; by actor", async () => {
    const rows = await walk((cursor) => admin().audit.list({ action: "lists.test", cursor, limit: 2 }));
    expect(rows.map((a) => a.entityId)).toEqual(["E-4", "E-3", "E-2", "E-1", "E-0"]);
    const byActor = await walk((cursor) => admin().audit.list({ actor: "a@lists.test", cursor, limit: 1 }));
    expect(byActor.map((a) => a.entityId)).toEqual(["E-3", "E-1"]);
  });

  it("refuses a forged cursor, and one list's cursor on another, with BAD_REQUEST", async () => {
    const jobsCursor = (await admin().job.list({ type: "lists.job", status: "pending", limit: 1 })).nextCursor!;
    const auditCursor = (await admin().audit.list({ action: "lists.test", limit: 1 })).nextCursor!;
    const attempts = [
      admin().order.search({ cursor: "eyJzIjoib3JkZXJzLmNyZWF0ZWQiLCJrIjpbIjEiXX0" }),
      admin().order.search({ cursor: auditCursor }),
      admin().callback.list({ cursor: jobsCursor }),
      admin().discrepancy.list({ cursor: "%%%" }),
      admin().audit.list({ cursor: jobsCursor }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    }
  });
});
