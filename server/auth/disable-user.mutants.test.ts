import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, users } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { disableUser } from "./disable-user";

const getDb = useTestDb();
const actor = { id: null, label: "system:test" };

describe("disableUser", () => {
  it("disables once, moving the session version and writing one audit row; a second call changes nothing", async () => {
    const db = getDb();
    const [u] = await db.insert(users).values({ email: "dis-1@payops.test", name: "D", passwordHash: "x", role: "agent", sessionVersion: 2 }).returning();
    const when = new Date("2026-03-01T08:00:00.000Z");
    expect(await disableUser(db, u!.id, actor, when)).toBe(true);
    const [after] = await db.select().from(users).where(eq(users.id, u!.id));
    expect(after!.disabledAt).toEqual(when);
    expect(after!.sessionVersion).toBe(3);
    const audits = await db.select().from(auditLogs).where(eq(auditLogs.entityId, u!.id));
    expect(audits.map((a) => ({ actorId: a.actorId, actorLabel: a.actorLabel, action: a.action, entityType: a.entityType, after: a.after }))).toEqual([
      { actorId: null, actorLabel: "system:test", action: "user.disabled", entityType: "user", after: { email: "dis-1@payops.test", disabledAt: "2026-03-01T08:00:00.000Z" } },
    ]);

    expect(await disableUser(db, u!.id, actor, new Date("2026-03-02T08:00:00.000Z"))).toBe(false);
    const [again] = await db.select().from(users).where(eq(users.id, u!.id));
    expect(again!.disabledAt).toEqual(when);
    expect(again!.sessionVersion).toBe(3);
    expect(await db.select().from(auditLogs).where(eq(auditLogs.entityId, u!.id))).toHaveLength(1);
  });

  it("refuses an unknown user with NotFoundError and writes no audit row", async () => {
    const id = randomUUID();
    const err = await disableUser(getDb(), id, actor).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("NOT_FOUND");
    expect((err as NotFoundError).message).toBe("no such user");
    expect(await getDb().select().from(auditLogs).where(eq(auditLogs.entityId, id))).toEqual([]);
  });
});
