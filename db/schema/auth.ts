import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Role } from "../enums";
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

export const auditLogs = pgTable(
  "audit_logs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    actorId: uuid(), // null for the system (jobs, callbacks)
    actorLabel: text().notNull(), // "system:janitor", user e-mail at the time
    action: text().notNull(), // "order.paid", "job.replay", …
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    ...timestamps,
  },
  (t) => [
    // order page timeline and admin audit search by entity
    index("audit_logs_entity_type_entity_id_idx").on(t.entityType, t.entityId),
    // admin audit list, newest first
    index("audit_logs_created_at_idx").on(t.createdAt),
  ],
);
