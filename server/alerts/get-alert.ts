import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertNotifications, alertRules, alerts } from "@/db/schema";
import type { AlertNotificationEvent, AlertNotificationStatus } from "@/lib/alerts";
import { NotFoundError } from "@/server/lib/errors";
import { listDeliveries, type DeliveryView } from "./deliver-list";
import { observe } from "./detect/observe";
import { MINUTE_MS } from "./detect/types";
import { presentAlerts, type AlertListItem } from "./list-alerts";
import { ruleView, type RuleView } from "./list-rules";
import { rowToRule } from "./load-rules";
import { readMetricSeries } from "./read-metric-series";

export interface AlertDetail {
  alert: AlertListItem & { actionKeys: string[] };
  rule: RuleView | null;
  /** The rule's metric for the alert's scope, as the detector saw it minute by minute, with its baseline. */
  series: { minute: Date; value: number | null; baseline: number | null; volume: number }[];
  notifications: { id: number; event: AlertNotificationEvent; status: AlertNotificationStatus; notBefore: Date; sentAt: Date | null; suppressedReason: string | null }[];
  /** The alert's delivery log (every channel, newest first, the latest 100). */
  deliveries: DeliveryView[];
  incidentId: number | null;
}

const BEFORE_MS = 60 * MINUTE_MS;
const AFTER_MS = 15 * MINUTE_MS;
/** A long-open alert shows its last day: the chart stays readable and the read small. */
const MAX_SPAN_MS = 24 * 60 * MINUTE_MS;

export async function getAlert(db: Db, id: number, now = new Date()): Promise<AlertDetail> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  if (!row) throw new NotFoundError("alert not found");
  const [item] = await presentAlerts(db, [row], now);
  const [ruleRow] = await db.select().from(alertRules).where(eq(alertRules.key, row.ruleKey));
  const notifications = await db
    .select({ id: alertNotifications.id, event: alertNotifications.event, status: alertNotifications.status, notBefore: alertNotifications.notBefore, sentAt: alertNotifications.sentAt, suppressedReason: alertNotifications.suppressedReason })
    .from(alertNotifications)
    .where(eq(alertNotifications.alertId, id))
    .orderBy(asc(alertNotifications.notBefore), asc(alertNotifications.id));

  const series: AlertDetail["series"] = [];
  let rule;
  try {
    rule = ruleRow ? rowToRule(ruleRow) : null;
  } catch {
    rule = null; // an invalid stored rule: the alert still shows, without its chart
  }
  if (rule) {
    const floor = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;
    const to = floor(Math.min(now.getTime(), (row.resolvedAt?.getTime() ?? now.getTime()) + AFTER_MS));
    const from = Math.max(floor(row.onsetAt.getTime() - BEFORE_MS), to - MAX_SPAN_MS);
    const byScope = await readMetricSeries(db, [rule], from, to);
    const scopeSeries = byScope.get(row.provider) ?? new Map();
    for (let ts = from; ts <= to; ts += MINUTE_MS) {
      const o = observe(rule, scopeSeries, ts);
      series.push({ minute: new Date(ts), value: o.value, baseline: o.baseline?.value ?? null, volume: o.volume });
    }
  }
  return {
    alert: { ...item!, actionKeys: row.actionKeys },
    rule: ruleRow ? ruleView(ruleRow) : null,
    series,
    notifications,
    deliveries: (await listDeliveries(db, { alertId: id, limit: 100 })).items,
    incidentId: item!.incidentId,
  };
}
