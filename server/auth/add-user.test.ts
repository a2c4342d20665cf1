import { spawnSync } from "node:child_process";
import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, users } from "@/db/schema";
import { ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { addUser, MIN_PASSWORD_LENGTH } from "./add-user";
import { verifyPassword } from "./password";
import { assertDemoSeedAllowed } from "./seed-users";
import { authenticate } from "./sign-in";
import { parseUserAddArgs, readPasswordFromStream } from "./user-add-cli";

const getDb = useTestDb();
const cli = { id: null, label: "cli:user-add" };

describe("addUser", () => {
  it("creates a user who can sign in, audited without the password", async () => {
    const db = getDb();
    const r = await addUser(db, { email: " New.Admin@Example.com ", role: "admin", password: "correct horse battery" }, cli);
    expect(r).toMatchObject({ email: "new.admin@example.com", role: "admin", created: true });
    const [u] = await db.select().from(users).where(eq(users.id, r.id));
    expect(u).toMatchObject({ name: "new.admin", role: "admin", sessionVersion: 0, disabledAt: null });
    expect(await verifyPassword("correct horse battery", u!.passwordHash)).toBe(true);
    await expect(authenticate(db, { email: "new.admin@example.com", password: "correct horse battery", ip: "192.0.2.1" })).resolves.toMatchObject({ role: "admin" });
    const [audit] = await db.select().from(auditLogs).where(eq(auditLogs.entityId, r.id));
    expect(audit).toMatchObject({ actorLabel: "cli:user-add", action: "user.created", entityType: "user", before: null, after: { email: "new.admin@example.com", role: "admin" } });
    expect(JSON.stringify(audit)).not.toMatch(/correct horse|\$2[aby]\$/);
  });

  it("on an existing e-mail (any case) changes role and password, keeps the name, revokes sessions, audits before/after", async () => {
    const db = getDb();
    const first = await addUser(db, { email: "lee@example.com", role: "agent", password: "first-password-1", name: "Lee" }, cli);
    const second = await addUser(db, { email: "LEE@example.com", role: "finance", password: "second-password-2" }, cli);
    expect(second).toMatchObject({ id: first.id, role: "finance", created: false });
    const [u] = await db.select().from(users).where(eq(users.id, first.id));
    expect(u).toMatchObject({ name: "Lee", role: "finance", sessionVersion: 1 });
    expect(await verifyPassword("first-password-1", u!.passwordHash)).toBe(false);
    expect(await verifyPassword("second-password-2", u!.passwordHash)).toBe(true);
    const rows = await db.select().from(users).where(sql`lower(${users.email}) = 'lee@example.com'`);
    expect(rows).toHaveLength(1);
    const audits = await db.select().from(auditLogs).where(eq(auditLogs.entityId, first.id)).orderBy(auditLogs.id);
    expect(audits.map((a) => a.action)).toEqual(["user.created", "user.updated"]);
    expect(audits[1]).toMatchObject({ before: { role: "agent", name: "Lee" }, after: { role: "finance", passwordChanged: true } });
  });

  it("refuses a short password, an unknown role and a malformed e-mail, changing nothing", async () => {
    const db = getDb();
    const short = "x".repeat(MIN_PASSWORD_LENGTH - 1);
    await expect(addUser(db, { email: "s@example.com", role: "admin", password: short }, cli)).rejects.toThrow(/at least 12 characters/);
    await expect(addUser(db, { email: "s@example.com", role: "root", password: "long-enough-password" }, cli)).rejects.toThrow(ValidationError);
    await expect(addUser(db, { email: "not-an-email", role: "admin", password: "long-enough-password" }, cli)).rejects.toThrow(/e-mail/);
    expect(await db.select().from(users).where(eq(users.email, "s@example.com"))).toEqual([]);
    await expect(addUser(db, { email: "s@example.com", role: "admin", password: "x".repeat(MIN_PASSWORD_LENGTH) }, cli)).resolves.toMatchObject({ created: true });
  });
});

describe("user:add command line", () => {
  it("parses --email/--role/--name and refuses a password argument", () => {
    expect(parseUserAddArgs(["--email", "a@example.com", "--role", "admin"])).toEqual({ email: "a@example.com", role: "admin", name: undefined });
    expect(parseUserAddArgs(["--email=a@example.com", "--role=ops", "--name", "A B"])).toEqual({ email: "a@example.com", role: "ops", name: "A B" });
    expect(() => parseUserAddArgs(["--email", "a@example.com", "--role", "admin", "--password", "hunter2"])).toThrow(/never pass a password/);
    expect(() => parseUserAddArgs(["--email", "a@example.com"])).toThrow(/usage/);
    expect(() => parseUserAddArgs(["--email", "--role", "admin"])).toThrow(/needs a value/);
  });

  it("reads the first line of stdin as the password", async () => {
    await expect(readPasswordFromStream(Readable.from([Buffer.from("s3cret-pass"), Buffer.from("word\nignored\n")]))).resolves.toBe("s3cret-password");
    await expect(readPasswordFromStream(Readable.from([Buffer.from("p\r\n")]))).resolves.toBe("p");
    await expect(readPasswordFromStream(Readable.from([Buffer.alloc(5000, 97)]))).rejects.toThrow(/too long/);
  });
});

describe("npm run seed", () => {
  it("refuses in production with a message pointing at user:add", () => {
    expect(() => assertDemoSeedAllowed("production")).toThrow(/refuses to run with NODE_ENV=production[\s\S]*npm run user:add/);
    expect(() => assertDemoSeedAllowed("development")).not.toThrow();
    expect(() => assertDemoSeedAllowed(undefined)).not.toThrow();
  });

  it("the script itself exits 1 in production before touching any database", () => {
    const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/seed.ts"], {
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "postgres://nobody:nothing@127.0.0.1:1/none" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/refuses to run with NODE_ENV=production/);
  });
});
