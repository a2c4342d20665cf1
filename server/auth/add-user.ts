import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { ROLES, type Role } from "@/lib/enums";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ValidationError } from "@/server/lib/errors";
import { rowsOf } from "@/server/lib/sql";
import { hashPassword } from "./password";
import { normaliseEmail } from "./sign-in";

export const MIN_PASSWORD_LENGTH = 12;

export interface AddUserInput {
  email: string;
  role: string;
  password: string;
  /** Display name for a new user; defaults to the e-mail's local part. An existing user keeps theirs unless given. */
  name?: string;
}

export interface AddUserResult {
  id: string;
  email: string;
  role: Role;
  created: boolean;
}

/**
 * Creates a person, or, for an e-mail that exists (case-insensitively), sets their role and password. Either
 * way audited (never the password or its hash), and an existing user's sessions are revoked: a new password
 * or role must not leave an old session running with the old one. `npm run user:add` calls this.
 */
export async function addUser(db: Db, input: AddUserInput, actor: Actor): Promise<AddUserResult> {
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320) throw new ValidationError("not a valid e-mail address");
  if (!(ROLES as readonly string[]).includes(input.role)) throw new ValidationError(`role must be one of: ${ROLES.join(", ")}`);
  const role = input.role as Role;
  if ([...input.password].length < MIN_PASSWORD_LENGTH) throw new ValidationError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const name = input.name?.trim() || null;
  const hash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    // The row as it was, for the audit entry, locked so a concurrent user:add waits for this one.
    const [prev] = await tx
      .select({ role: users.role, name: users.name })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .for("update");
    // Then one upsert keyed on the unique index users_email_idx (lower(email)): never find-then-insert.
    const [row] = rowsOf<{ id: string; email: string; role: Role; inserted: boolean }>(
      await tx.execute(sql`
        INSERT INTO users (email, name, password_hash, role)
        VALUES (${email}, ${name ?? email.split("@")[0]!}, ${hash}, ${role})
        ON CONFLICT (lower(email)) DO UPDATE SET
          role = excluded.role,
          password_hash = excluded.password_hash,
          name = ${name === null ? sql`users.name` : sql`excluded.name`},
          session_version = users.session_version + 1,
          updated_at = now()
        RETURNING id, email, role, (xmax = 0) AS inserted`),
    );
    if (!row) throw new Error("user upsert returned no row");
    const created = row.inserted;
    await writeAudit(tx, actor, {
      action: created ? "user.created" : "user.updated",
      entityType: "user",
      entityId: row.id,
      before: prev ? { role: prev.role, name: prev.name } : null,
      after: { email: row.email, role: row.role, passwordChanged: true },
    });
    return { id: row.id, email: row.email, role: row.role, created };
  });
}
