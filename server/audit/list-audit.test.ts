import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { listAudit } from "./list-audit";

const getDb = useTestDb();
const t0 = Date.parse("2025-11-20T00:00:00Z");

beforeAll(async () => {
  // Inserted out of time order (as back-dated seed data and replays are): the list follows created_at.
  await getDb().insert(auditLogs).values([
    { actorLabel: "ops@payops.local", action: "job.replay", entityType: "job", entityId: "7", createdAt: new Date(t0 + 3000) },
    { actorLabel: "system:janitor", action: "order.closed", entityType: "order", entityId: "A-1", createdAt: new Date(t0 + 1000) },
    { actorLabel: "100%_sure", action: "order.paid", entityType: "order", entityId: "A-1", createdAt: new Date(t0 + 2000) },
    { actorLabel: "system:janitor", action: "order.closed", entityType: "order", entityId: "A-2", createdAt: new Date(t0 + 2000) },
  ]);
});

describe("listAudit", () => {
  it("lists newest first and pages through ties without repeats", async () => {
    const first = await listAudit(getDb(), { limit: 2 });
    const second = await listAudit(getDb(), { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((a) => `${a.action}:${a.entityId}`)).toEqual([
      "job.replay:7",
      "order.closed:A-2",
      "order.paid:A-1",
      "order.closed:A-1",
    ]);
    expect(second.nextCursor).toBeNull();
  });
  it("filters by entity and by the exact actor label (indexed; no substring or pattern match)", async () => {
    expect((await listAudit(getDb(), { entityType: "order", entityId: "A-1" })).items).toHaveLength(2);
    expect((await listAudit(getDb(), { actor: " system:janitor " })).items.map((a) => a.entityId)).toEqual(["A-2", "A-1"]);
    expect((await listAudit(getDb(), { actor: "janitor" })).items).toHaveLength(0);
    expect((await listAudit(getDb(), { actor: "%_" })).items).toHaveLength(0);
    expect((await listAudit(getDb(), { actor: "100%_sure" })).items.map((a) => a.actorLabel)).toEqual(["100%_sure"]);
  });
});
