import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { verifyPassword } from "./password";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from "./seed-users";

const getDb = useTestDb();

describe("seedDemoUsers", () => {
  it("creates each demo user with its name, role and locale and the demo password", async () => {
    const db = getDb();
    await seedDemoUsers(db);
    const rows = await db.select().from(users).orderBy(users.email);
    expect(rows.map((u) => ({ email: u.email, name: u.name, role: u.role, locale: u.locale }))).toEqual(
      [...DEMO_USERS].sort((a, b) => a.email.localeCompare(b.email)),
    );
    expect(await verifyPassword(DEMO_PASSWORD, rows[0]!.passwordHash)).toBe(true);
  });
});
