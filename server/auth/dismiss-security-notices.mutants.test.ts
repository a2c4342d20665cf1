import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, securityNotices, users } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { dismissSecurityNotices } from "./dismiss-security-notices";

const getDb = useTestDb();

describe("dismissSecurityNotices", () => {
  it("audits each dismissal with the notice's kind and when it was seen", async () => {
    const db = getDb();
    const [u] = await db.insert(users).values({ email: "d@example.com", name: "D", role: "agent", passwordHash: "x" }).returning();
    const [n] = await db
      .insert(securityNotices)
      .values({ userId: u!.id, kind: "failed_sign_in_burst", details: { failures: 3, addresses: 1, firstAt: "x", lastAt: "y" } })
      .returning();
    const now = new Date("2026-03-01T09:30:00Z");
    expect(await dismissSecurityNotices(db, { id: u!.id, label: u!.email, role: "agent" }, [n!.id], now)).toBe(1);
    const [audit] = await db.select().from(auditLogs).where(eq(auditLogs.action, "user.security_notice_dismissed"));
    expect(audit).toMatchObject({ actorId: u!.id, entityType: "security_notice", entityId: String(n!.id) });
    expect(audit!.after).toEqual({ kind: "failed_sign_in_burst", seenAt: "2026-03-01T09:30:00.000Z" });
    const [row] = await db.select().from(securityNotices).where(eq(securityNotices.id, n!.id));
    expect(row!.seenAt).toEqual(now);
  });
});
