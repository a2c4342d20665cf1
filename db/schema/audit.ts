import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./_columns";

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
