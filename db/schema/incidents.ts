import { sql } from "drizzle-orm";
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { AlertSeverity, IncidentEventKind, IncidentStatus } from "@/lib/alerts";
import { timestamps } from "./_columns";
import { alerts } from "./alerts";

/** The single thread of an event (issue 8): opened by a critical alert or by hand; lifecycle owned by server/incidents/. */
export const incidents = pgTable(
  "incidents",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    title: text().notNull(),
    severity: text().$type<AlertSeverity>().notNull(),
    status: text().$type<IncidentStatus>().notNull().default("open"),
    /** Provider scope: a provider name or "*" (all providers); further alerts of the scope join while it is open. */
    provider: text().notNull(),
    /** Earliest onset of its alerts: affected orders are counted from here. */
    onsetAt: timestamp({ withTimezone: true }).notNull(),
    /** Incident commander (user e-mail), and who set them. */
    commander: text(),
    openedBy: text().notNull(),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: text(),
    /** What happened and what was done: required to resolve, read by the review reports (issue 12). */
    summary: text(),
    ...timestamps,
  },
  (t) => [
    // at most one open incident per provider scope: auto-open and join race on this (idempotency key)
    uniqueIndex("incidents_open_provider_idx").on(t.provider).where(sql`${t.status} = 'open'`),
    // console list: newest first (keyset opened_at desc, id desc), by status
    index("incidents_status_opened_at_id_idx").on(t.status, t.openedAt.desc(), t.id.desc()),
    // console list, all statuses
    index("incidents_opened_at_id_idx").on(t.openedAt.desc(), t.id.desc()),
  ],
);

/** Which incident an alert belongs to: at most one (the primary key). */
export const incidentAlerts = pgTable(
  "incident_alerts",
  {
    alertId: bigint({ mode: "number" })
      .primaryKey()
      .references(() => alerts.id, { onDelete: "restrict" }),
    incidentId: bigint({ mode: "number" })
      .notNull()
      .references(() => incidents.id, { onDelete: "restrict" }),
    ...timestamps,
  },
  (t) => [
    // an incident's alerts
    index("incident_alerts_incident_id_idx").on(t.incidentId),
  ],
);

/** The incident's timeline: what happened and who did what (kinds in lib/alerts.ts INCIDENT_EVENT_KINDS). */
export const incidentEvents = pgTable(
  "incident_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    incidentId: bigint({ mode: "number" })
      .notNull()
      .references(() => incidents.id, { onDelete: "restrict" }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    kind: text().$type<IncidentEventKind>().notNull(),
    /** User e-mail or "system:…"; null for none. */
    actor: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    // the timeline of one incident in order
    index("incident_events_incident_id_at_idx").on(t.incidentId, t.at, t.id),
  ],
);

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentEventRow = typeof incidentEvents.$inferSelect;
