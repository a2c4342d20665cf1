import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertRoutes, type AlertRouteRow } from "@/db/schema";
import type { AlertChannel, AlertMetric, AlertSeverity, ContactRole } from "@/lib/alerts";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError } from "@/server/lib/errors";

export interface RouteView {
  id: number;
  name: string;
  severities: AlertSeverity[];
  metrics: AlertMetric[];
  roles: ContactRole[];
  channels: AlertChannel[];
  enabled: boolean;
}

const view = (r: AlertRouteRow): RouteView => ({ id: r.id, name: r.name, severities: r.severities, metrics: r.metrics, roles: r.roles, channels: r.channels, enabled: r.enabled });

export async function listRoutes(db: Db): Promise<RouteView[]> {
  return (await db.select().from(alertRoutes).orderBy(asc(alertRoutes.id))).map(view);
}

export type RouteInput = Omit<RouteView, "id"> & { id?: number };

export async function saveRoute(db: Db, actor: Actor, input: RouteInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const fields = { name: input.name, severities: input.severities, metrics: input.metrics, roles: input.roles, channels: input.channels, enabled: input.enabled, isDefault: false };
    if (input.id === undefined) {
      const [row] = await tx.insert(alertRoutes).values(fields).returning();
      await writeAudit(tx, actor, { action: "alert_route.create", entityType: "alert_route", entityId: String(row!.id), after: view(row!) });
      return { id: row!.id };
    }
    const [before] = await tx.select().from(alertRoutes).where(eq(alertRoutes.id, input.id)).for("update");
    if (!before) throw new NotFoundError(`route ${input.id} not found`);
    const [after] = await tx.update(alertRoutes).set(fields).where(eq(alertRoutes.id, input.id)).returning();
    await writeAudit(tx, actor, { action: "alert_route.update", entityType: "alert_route", entityId: String(input.id), before: view(before), after: view(after!) });
    return { id: input.id };
  });
}

export async function deleteRoute(db: Db, actor: Actor, id: number): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(alertRoutes).where(eq(alertRoutes.id, id)).returning();
    if (!row) throw new NotFoundError(`route ${id} not found`);
    await writeAudit(tx, actor, { action: "alert_route.delete", entityType: "alert_route", entityId: String(id), before: view(row) });
    return { id };
  });
}

/** The shipped routes (production too): who hears about what when nobody configured anything. */
export const DEFAULT_ROUTES: Omit<RouteView, "id">[] = [
  { name: "critical+warning → ops & tech lead (chat, e-mail)", severities: ["critical", "warning"], metrics: [], roles: ["ops", "tech_lead"], channels: ["dingtalk", "wecom", "email"], enabled: true },
  { name: "critical → ops & tech lead (SMS)", severities: ["critical"], metrics: [], roles: ["ops", "tech_lead"], channels: ["sms"], enabled: true },
];

/**
 * Inserts the default routes once: only while no route exists at all (a deleted default stays deleted as
 * long as any route remains). Contacts are never seeded outside the demo: they are real people.
 */
export async function seedDefaultRoutes(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    // Serialises concurrent starters (an empty table has no row to lock).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('payops:alert-routes-seed'))`);
    const [any] = await tx.select({ id: alertRoutes.id }).from(alertRoutes).limit(1);
    if (any) return;
    await tx.insert(alertRoutes).values(DEFAULT_ROUTES.map((r) => ({ ...r, isDefault: true })));
  });
}
