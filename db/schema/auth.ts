import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Role } from "@/lib/enums";
import { timestamps } from "./_columns";

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: text().$type<Role>().notNull(),
    locale: text(),
    disabledAt: timestamp({ withTimezone: true }),
    // Embedded in every session token at sign-in; bumping it (sign-out, disable, role or password change)
    // revokes every session issued before.
    sessionVersion: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // sign-in looks users up by e-mail, case-insensitively
    uniqueIndex("users_email_idx").on(sql`lower(${t.email})`),
  ],
);

export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    email: text().notNull(),
    ipAddress: text().notNull(),
    succeeded: text().$type<"yes" | "no">().notNull(),
    ...timestamps,
  },
  (t) => [
    // failure-burst notice: recent failures per account
    index("sign_in_attempts_email_created_at_idx").on(t.email, t.createdAt),
    // forensics: recent attempts per address
    index("sign_in_attempts_ip_address_created_at_idx").on(t.ipAddress, t.createdAt),
  ],
);

/**
 * Sign-in throttle counters, one row per (account, address) and per address (email = ''). `attempts` counts
 * reservations taken in the current window (in-flight checks and failures) so parallel guesses cannot all
 * pass the limit; `lockouts` makes each successive lock twice as long.
 */
export const signInThrottles = pgTable(
  "sign_in_throttles",
  {
    scope: text().$type<"account_address" | "address">().notNull(),
    email: text().notNull(),
    ipAddress: text().notNull(),
    attempts: integer().notNull().default(0),
    windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true }),
    lockouts: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.scope, t.email, t.ipAddress] })],
);

/** Security notices for a user (e.g. a burst of failed sign-ins), shown in the console until dismissed. */
export const securityNotices = pgTable(
  "security_notices",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    // A notice is about one person and means nothing without them (docs/adr/0005).
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().$type<"failed_sign_in_burst">().notNull(),
    details: jsonb().notNull(),
    seenAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // one open notice per user and kind (a burst keeps updating it); the user menu lists a user's open notices
    uniqueIndex("security_notices_user_id_kind_idx").on(t.userId, t.kind).where(sql`${t.seenAt} is null`),
  ],
);
