import "server-only";
import { and, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, alerts, incidentAlerts, incidents, type IncidentRow } from "@/db/schema";
import type { AlertSeverity, IncidentStatus } from "@/lib/alerts";
import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";
import { impactView, type ImpactView } from "@/server/alerts/list-alerts";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";

export interface IncidentListItem {
  id: number;
  title: string;
  severity: AlertSeverity;
  status: IncidentStatus;
  openedAt: Date;
  resolvedAt: Date | null;
  /** The commander's e-mail. */
  commander: string | null;
  /** Provider scope, "*" = all providers. */
  provider: string | null;
  alertCount: number;
  /** The largest impact estimate among its alerts (they overlap: the same orders seen by several rules). */
  impact: ImpactView | null;
}

/** Incident rows with their alert count and impact, as the console lists them. */
export async function presentIncidents(db: Db, rows: readonly IncidentRow[]): Promise<IncidentListItem[]> {
  if (rows.length === 0) return [];
  const linked = await db
    .select({ incidentId: incidentAlerts.incidentId, impact: alerts.impact })
    .from(incidentAlerts)
    .innerJoin(alerts, eq(alerts.id, incidentAlerts.alertId))
    .where(inArray(incidentAlerts.incidentId, rows.map((r) => r.id)));
  return rows.map((r) => {
    const mine = linked.filter((l) => l.incidentId === r.id);
    const impacts = mine.map((l) => impactView(l.impact)).filter((i): i is ImpactView => i !== null);
    const impact = impacts.reduce<ImpactView | null>((best, i) => (!best || i.orders > best.orders ? i : best), null);
    return {
      id: r.id, title: r.title, severity: r.severity, status: r.status, openedAt: r.openedAt, resolvedAt: r.resolvedAt, commander: r.commander, provider: r.provider,
      alertCount: mine.length, impact,
    };
  });
}

export interface ListIncidentsInput {
  status?: IncidentStatus | "all";
  /** Opened in [from, to), as the KPI dashboard counts incidents. */
  range?: ListRange;
  /** That provider's incidents and the platform-wide ones ("*"), as the KPI dashboard counts them for a provider. */
  provider?: Provider;
  cursor?: string;
  limit?: number;
}

const SORT: KeysetSort = { name: "incidents.opened", keys: [{ expr: incidents.openedAt, kind: "timestamptz" }, { expr: incidents.id, kind: "bigint" }], direction: "desc" };

/** Newest first; "all" by default. */
export async function listIncidents(db: Db, input: ListIncidentsInput): Promise<KeysetPage<IncidentListItem>> {
  const status = input.status ?? "all";
  const filters: (SQL | undefined)[] = [
    status === "all" ? undefined : eq(incidents.status, status),
    input.range ? and(gte(incidents.openedAt, input.range.from), lt(incidents.openedAt, input.range.to)) : undefined,
    input.provider ? inArray(incidents.provider, [input.provider, ALL_PROVIDERS]) : undefined,
  ];
  const ks = keyset(SORT, input.cursor, input.limit);
  const rows = await db.select({ i: incidents, ...ks.select }).from(incidents).where(and(...filters, ks.where)).orderBy(...ks.orderBy).limit(ks.limit);
  const page = ks.page(rows);
  return { items: await presentIncidents(db, page.items.map((r) => r.i)), nextCursor: page.nextCursor };
}
