import "server-only";
import { and, eq, inArray, lte, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, alertSilences, incidentAlerts, type AlertRow } from "@/db/schema";
import type { AlertSeverity, AlertStatus } from "@/lib/alerts";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";
import type { AlertImpact } from "./estimate-impact";
import { silenceMatches } from "./process-notifications";

export interface Money {
  minor: number;
  currency: string;
}

/** The stored impact estimate (estimate-impact.ts) in the API's shape: money as { minor, currency }. */
export interface ImpactView {
  orders: number;
  users: number;
  amount: Money;
  perMinute: { orders: number; users: number; amount: Money };
  sinceMinutes: number;
}

export interface AlertListItem {
  id: number;
  ruleKey: string;
  metric: AlertRow["metric"];
  /** Provider name, "*" = all providers. */
  provider: string;
  severity: AlertSeverity;
  status: AlertStatus;
  onsetAt: Date;
  firedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  inhibitedBy: number | null;
  /** An active silence or maintenance window matches it (it shows, nobody is notified). */
  silenced: boolean;
  impact: ImpactView | null;
  lastValue: { value: number | null; baseline: { value: number } | null; volume: number } | null;
  incidentId: number | null;
}

export function impactView(stored: Record<string, unknown> | null): ImpactView | null {
  if (!stored) return null;
  const i = stored as unknown as AlertImpact;
  const currency = i.currency ?? "CNY";
  return {
    orders: i.orders, users: i.users, amount: { minor: i.amountMinor, currency },
    perMinute: { orders: i.perMinute.orders, users: i.perMinute.users, amount: { minor: i.perMinute.amountMinor, currency } },
    sinceMinutes: i.minutes,
  };
}

function lastValueView(stored: Record<string, unknown> | null): AlertListItem["lastValue"] {
  if (!stored) return null;
  const v = stored as { value?: number | null; volume?: number; baseline?: { value: number } | null };
  return { value: v.value ?? null, baseline: v.baseline ? { value: v.baseline.value } : null, volume: v.volume ?? 0 };
}

/** Alert rows as the console shows them: silenced now?, incident link, impact and last value in view shapes. */
export async function presentAlerts(db: Db, rows: readonly AlertRow[], now = new Date()): Promise<AlertListItem[]> {
  if (rows.length === 0) return [];
  const silences = await db.select().from(alertSilences).where(and(lte(alertSilences.startsAt, now), sql`${alertSilences.endsAt} > ${now.toISOString()}::timestamptz`));
  const links = await db.select().from(incidentAlerts).where(inArray(incidentAlerts.alertId, rows.map((r) => r.id)));
  const incidentOf = new Map(links.map((l) => [l.alertId, l.incidentId]));
  return rows.map((a) => ({
    id: a.id, ruleKey: a.ruleKey, metric: a.metric, provider: a.provider, severity: a.severity, status: a.status,
    onsetAt: a.onsetAt, firedAt: a.firedAt, acknowledgedAt: a.acknowledgedAt, acknowledgedBy: a.acknowledgedBy, resolvedAt: a.resolvedAt, inhibitedBy: a.inhibitedBy,
    silenced: a.status !== "resolved" && silences.some((s) => silenceMatches(s, a)),
    impact: impactView(a.impact), lastValue: lastValueView(a.lastValue), incidentId: incidentOf.get(a.id) ?? null,
  }));
}

export const ALERT_LIST_STATUSES = ["open", "pending", "firing", "acknowledged", "resolved", "all"] as const;

export interface ListAlertsInput {
  /** "open" (default): every status but resolved. */
  status?: (typeof ALERT_LIST_STATUSES)[number];
  provider?: string;
  severity?: AlertSeverity;
  cursor?: string;
  limit?: number;
}

const SORT: KeysetSort = { name: "alerts.onset", keys: [{ expr: alerts.onsetAt, kind: "timestamptz" }, { expr: alerts.id, kind: "bigint" }], direction: "desc" };

/** Newest onset first. */
export async function listAlerts(db: Db, input: ListAlertsInput): Promise<KeysetPage<AlertListItem>> {
  const status = input.status ?? "open";
  const filters: (SQL | undefined)[] = [
    status === "open" ? ne(alerts.status, "resolved") : status === "all" ? undefined : eq(alerts.status, status),
    input.provider ? eq(alerts.provider, input.provider) : undefined,
    input.severity ? eq(alerts.severity, input.severity) : undefined,
  ];
  const ks = keyset(SORT, input.cursor, input.limit);
  const rows = await db.select({ a: alerts, ...ks.select }).from(alerts).where(and(...filters, ks.where)).orderBy(...ks.orderBy).limit(ks.limit);
  const page = ks.page(rows);
  return { items: await presentAlerts(db, page.items.map((r) => r.a)), nextCursor: page.nextCursor };
}
