import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, securityNotices, users } from "@/db/schema";
import type { Role } from "@/lib/enums";
import { useTestDb } from "@/test/db";
import { createCaller } from "../root";

// me.notices / me.dismissNotice: the user menu's security notices (formerly REST at /api/auth/notices).
// Who may call them is in ../permissions.test.ts; here, that each person reaches only their own notices
// and that a dismissal is audited.
const getDb = useTestDb();

interface Person {
  id: string;
  email: string;
  role: Role;
}
let owner: Person;
let other: Person;
let ownNotice = 0;
let othersNotice = 0;

const details = { failures: 6, addresses: 3, firstAt: "2026-03-01T08:00:00.000Z", lastAt: "2026-03-01T08:04:00.000Z" };
const ctxFor = (p: Person, requestId = "req-me") => ({ user: { ...p, name: p.email, locale: null }, requestId });

beforeAll(async () => {
  const db = getDb();
  const rows = await db
    .insert(users)
    .values([
      { email: "notice-owner@me.test", name: "Owner", passwordHash: "x", role: "finance" },
      { email: "notice-other@me.test", name: "Other", passwordHash: "x", role: "agent" },
    ])
    .returning({ id: users.id, email: users.email, role: users.role });
  [owner, other] = rows as [Person, Person];
  const notices = await db
    .insert(securityNotices)
    .values([
      { userId: owner.id, kind: "failed_sign_in_burst", details },
      { userId: other.id, kind: "failed_sign_in_burst", details },
    ])
    .returning({ id: securityNotices.id });
  [ownNotice, othersNotice] = notices.map((n) => n.id) as [number, number];
});

describe("me.notices and me.dismissNotice", () => {
  it("lists only the caller's own open notices", async () => {
    const mine = await createCaller(ctxFor(owner)).me.notices();
    expect(mine).toEqual([{ id: ownNotice, kind: "failed_sign_in_burst", details, createdAt: expect.any(Date) }]);
    expect((await createCaller(ctxFor(other)).me.notices()).map((n) => n.id)).toEqual([othersNotice]);
  });

  it("ignores another person's notice id: nothing dismissed, nothing audited", async () => {
    expect(await createCaller(ctxFor(owner)).me.dismissNotice({ ids: [othersNotice] })).toEqual({ dismissed: 0 });
    expect((await createCaller(ctxFor(other)).me.notices()).map((n) => n.id)).toEqual([othersNotice]);
    expect(await getDb().select().from(auditLogs).where(eq(auditLogs.entityId, String(othersNotice)))).toEqual([]);
  });

  it("dismisses the caller's notice for good, with an audit row naming who and which request", async () => {
    expect(await createCaller(ctxFor(owner, "req-dismiss-1")).me.dismissNotice({ ids: [ownNotice] })).toEqual({ dismissed: 1 });
    expect(await createCaller(ctxFor(owner)).me.notices()).toEqual([]);
    // A second dismissal (a double click, a stale tab) changes nothing and is not audited again.
    expect(await createCaller(ctxFor(owner)).me.dismissNotice({ ids: [ownNotice] })).toEqual({ dismissed: 0 });
    const audit = await getDb().select().from(auditLogs).where(eq(auditLogs.action, "user.security_notice_dismissed"));
    expect(audit).toMatchObject([
      { actorId: owner.id, actorLabel: owner.email, entityType: "security_notice", entityId: String(ownNotice), requestId: "req-dismiss-1", after: { kind: "failed_sign_in_burst" } },
    ]);
  });

  it("refuses an empty or oversized list of ids", async () => {
    const caller = createCaller(ctxFor(owner));
    await expect(caller.me.dismissNotice({ ids: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.me.dismissNotice({ ids: Array.from({ length: 51 }, (_, i) => i + 1) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
