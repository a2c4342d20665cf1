import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { writeAudit, writeAudits } from "./write-audit";

const getDb = useTestDb();

describe("writeAudits", () => {
  it("stores every row exactly, in order, with JSON as written and absent values as SQL NULL", async () => {
    const db = getDb();
    // Values that an array literal would have to escape: quotes, backslashes, commas, braces, NULL-like text.
    const awkward = 'he said "hi", {ok} \\ NULL 支付 \u{1F4B3}';
    await db.transaction(async (tx) => {
      await writeAudits(tx, [
        {
          actor: { id: "5d0b8f6e-1c7a-4f0e-9a51-2f3c4d5e6f70", label: awkward, requestId: "req-1" },
          entry: { action: "order.paid", entityType: "order", entityId: "A,1", before: { status: "CREATED" }, after: { at: new Date("2026-11-27T01:02:03.004Z"), n: [1, null, "x"], s: awkward } },
        },
        { actor: { id: null, label: "system:janitor" }, entry: { action: "order.closed", entityType: "order", entityId: "NULL" } },
        { actor: { id: null, label: "system:x" }, entry: { action: "a.b", entityType: "t", entityId: "3", before: null, after: "just text" } },
      ]);
    });
    const rows = await db.select().from(auditLogs).orderBy(asc(auditLogs.id));
    expect(rows.map(({ actorId, actorLabel, action, entityType, entityId, before, after, requestId }) => ({ actorId, actorLabel, action, entityType, entityId, before, after, requestId }))).toEqual([
      {
        actorId: "5d0b8f6e-1c7a-4f0e-9a51-2f3c4d5e6f70",
        actorLabel: awkward,
        action: "order.paid",
        entityType: "order",
        entityId: "A,1",
        before: { status: "CREATED" },
        after: { at: "2026-11-27T01:02:03.004Z", n: [1, null, "x"], s: awkward },
        requestId: "req-1",
      },
      { actorId: null, actorLabel: "system:janitor", action: "order.closed", entityType: "order", entityId: "NULL", before: null, after: null, requestId: null },
      { actorId: null, actorLabel: "system:x", action: "a.b", entityType: "t", entityId: "3", before: null, after: "just text", requestId: null },
    ]);
    // Both timestamps come from the database's clock, one transaction: one instant for the batch.
    expect(new Set(rows.map((r) => r.createdAt.getTime())).size).toBe(1);
    expect(rows[0]!.updatedAt.getTime()).toBe(rows[0]!.createdAt.getTime());
  });

  it("writes nothing for no rows, and one row through writeAudit", async () => {
    const db = getDb();
    const before = (await db.select().from(auditLogs)).length;
    await writeAudits(db, []);
    await writeAudit(db, { id: null, label: "system:t" }, { action: "x.y", entityType: "t", entityId: "1", after: { ok: true } });
    const rows = await db.select().from(auditLogs).orderBy(asc(auditLogs.id));
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ action: "x.y", after: { ok: true }, before: null });
  });
});
