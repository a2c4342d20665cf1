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
    // order page timeline and admin audit search by entity, newest first (keyset order: created_at desc, id desc)
    index("audit_logs_entity_type_entity_id_created_at_id_idx").on(t.entityType, t.entityId, t.createdAt.desc(), t.id.desc()),
    // admin audit list, newest first
    index("audit_logs_created_at_id_idx").on(t.createdAt.desc(), t.id.desc()),
    // admin audit list by actor, newest first
    index("audit_logs_actor_label_created_at_id_idx").on(t.actorLabel, t.createdAt.desc(), t.id.desc()),
  ],
);
