import { sql } from "drizzle-orm";
import { bigserial, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    // rate limit: recent failures per account
    index("sign_in_attempts_email_created_at_idx").on(t.email, t.createdAt),
    // rate limit: recent failures per address
    index("sign_in_attempts_ip_address_created_at_idx").on(t.ipAddress, t.createdAt),
  ],
);
