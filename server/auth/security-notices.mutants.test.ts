import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLogs, signInAttempts, users } from "@/db/schema";
import { overrideEnv } from "@/test/override-env";
import { useTestDb } from "@/test/db";
import { noteFailedSignIn } from "./security-notices";

const getDb = useTestDb();
const t0 = Date.parse("2026-03-01T08:00:00Z");
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = overrideEnv({ SIGNIN_MAX_ATTEMPTS: "3", SIGNIN_WINDOW: "15m" });
});
afterAll(() => restoreEnv());

describe("noteFailedSignIn", () => {
  it("audits the start of a burst with the account's e-mail and the burst's figures", async () => {
    const db = getDb();
    const [u] = await db.insert(users).values({ email: "Owner@Example.com", name: "Owner", role: "finance", passwordHash: "x" }).returning();
    await db.insert(signInAttempts).values([
      { email: "owner@example.com", ipAddress: "198.51.100.1", succeeded: "no", createdAt: at(1) },
      { email: "owner@example.com", ipAddress: "198.51.100.2", succeeded: "no", createdAt: at(2) },
      { email: "owner@example.com", ipAddress: "198.51.100.2", succeeded: "no", createdAt: at(3) },
    ]);
    expect(await noteFailedSignIn(db, { id: u!.id, email: u!.email }, "owner@example.com", at(4))).toBe(true);
    const audits = await db.select().from(auditLogs).where(eq(auditLogs.action, "user.failed_sign_in_burst"));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toEqual({ email: "Owner@Example.com", failures: 3, addresses: 2, firstAt: at(1).toISOString(), lastAt: at(3).toISOString() });
    // A continuing burst updates the open notice but is not audited again.
    expect(await noteFailedSignIn(db, { id: u!.id, email: u!.email }, "owner@example.com", at(5))).toBe(false);
    expect(await db.select().from(auditLogs).where(eq(auditLogs.action, "user.failed_sign_in_burst"))).toHaveLength(1);
  });
});
