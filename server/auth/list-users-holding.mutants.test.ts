import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { ROLES } from "@/lib/enums";
import { useTestDb } from "@/test/db";
import { listUsersHolding } from "./list-users-holding";

const getDb = useTestDb();

describe("listUsersHolding", () => {
  it("lists exactly the active users whose role holds the permission, by e-mail, with id, e-mail and name only", async () => {
    const db = getDb();
    const rows = await db
      .insert(users)
      .values([
        ...ROLES.map((role) => ({ email: `${role}@holding.test`, name: `The ${role}`, passwordHash: "x", role })),
        { email: "aa-disabled-admin@holding.test", name: "Gone", passwordHash: "x", role: "admin" as const, disabledAt: new Date() },
      ])
      .returning({ id: users.id, email: users.email });
    const idOf = (email: string) => rows.find((r) => r.email === email)!.id;

    // "job.read": ops, manager, admin.
    expect(await listUsersHolding(db, "job.read")).toEqual([
      { id: idOf("admin@holding.test"), email: "admin@holding.test", name: "The admin" },
      { id: idOf("manager@holding.test"), email: "manager@holding.test", name: "The manager" },
      { id: idOf("ops@holding.test"), email: "ops@holding.test", name: "The ops" },
    ]);
    // Admin only; the disabled admin is left out.
    expect((await listUsersHolding(db, "refund.configure")).map((u) => u.email)).toEqual(["admin@holding.test"]);
    // Everyone active.
    expect((await listUsersHolding(db, "me.read")).map((u) => u.email)).toEqual([
      "admin@holding.test",
      "agent@holding.test",
      "finance@holding.test",
      "manager@holding.test",
      "ops@holding.test",
      "senior_agent@holding.test",
    ]);
  });
});
