import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { addUser } from "./add-user";

const getDb = useTestDb();
const cli = { id: null, label: "cli:user-add" };
const PW = "long-enough-password";

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe("addUser input checks", () => {
  it("refuses an address with anything before or after the one e-mail (whole-string match)", async () => {
    const db = getDb();
    for (const email of ["two words@example.com", "a@example.com extra", "a@b@example.com", "a@example"]) {
      const err = await refusal(addUser(db, { email, role: "admin", password: PW }, cli));
      expect(err, email).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).message).toBe("not a valid e-mail address");
    }
    expect(await db.select().from(users)).toEqual([]);
  });

  it("accepts an e-mail of exactly 320 characters and refuses 321", async () => {
    const db = getDb();
    const domain = "@example.com";
    const ok = `${"a".repeat(320 - domain.length)}${domain}`;
    const tooLong = `b${ok}`;
    await expect(addUser(db, { email: ok, role: "agent", password: PW }, cli)).resolves.toMatchObject({ email: ok, created: true });
    const err = await refusal(addUser(db, { email: tooLong, role: "agent", password: PW }, cli));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toBe("not a valid e-mail address");
  });

  it("names the valid roles when the role is unknown", async () => {
    const err = await refusal(addUser(getDb(), { email: "r@example.com", role: "root", password: PW }, cli));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toBe("role must be one of: agent, senior_agent, finance, ops, manager, admin");
  });
});

describe("addUser names", () => {
  it("trims a given name; a blank name falls back to the e-mail's local part", async () => {
    const db = getDb();
    const a = await addUser(db, { email: "ann@example.com", role: "agent", password: PW, name: "  Ann Lee  " }, cli);
    const b = await addUser(db, { email: "bob@example.com", role: "agent", password: PW, name: "   " }, cli);
    const names = async (id: string) => (await db.select({ name: users.name }).from(users).where(eq(users.id, id)))[0]!.name;
    expect(await names(a.id)).toBe("Ann Lee");
    expect(await names(b.id)).toBe("bob");
  });

  it("an update with a name replaces the existing name", async () => {
    const db = getDb();
    const first = await addUser(db, { email: "cat@example.com", role: "agent", password: PW, name: "Cat" }, cli);
    await addUser(db, { email: "cat@example.com", role: "agent", password: PW, name: " Catherine " }, cli);
    const name = async () => (await db.select({ name: users.name }).from(users).where(eq(users.id, first.id)))[0]!.name;
    expect(await name()).toBe("Catherine");
  });
});
