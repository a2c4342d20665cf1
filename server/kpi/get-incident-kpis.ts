import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS } from "@/db/schema";
import type { IncidentKpis, KpiQuery } from "@/lib/kpi";
import { rowsOf } from "@/server/lib/sql";
import { paired, previousCovered, previousOf } from "./read-kpi-hours";

type Item = IncidentKpis["items"][number];
type Ts = string | Date | null;
const secs = (a: Ts, b: Ts) => (a === null || b === null ? null : Math.max(0, Math.round((new Date(b).getTime() - new Date(a).getTime()) / 1000)));

/** The exact median of a handful of durations (incidents are few: no histogram needed). */
export function median(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : Math.round((v[mid - 1]! + v[mid]!) / 2);
}

async function itemsOf(db: Db, q: KpiQuery, from: Date, to: Date): Promise<Item[]> {
  // Provider filter: incidents of that provider and platform-wide ones ("*").
  const rows = rowsOf<{ id: number | string; title: string; severity: string; provider: string; onset_at: Ts; opened_at: Ts; resolved_at: Ts; ack_at: Ts; notified: number | string }>(
    await db.execute(sql`
      SELECT i.id, i.title, i.severity, i.provider, i.onset_at, i.opened_at, i.resolved_at,
             (SELECT min(e.at) FROM incident_events e WHERE e.incident_id = i.id AND e.kind IN ('alert_acknowledged', 'commander_set')) AS ack_at,
             (SELECT count(DISTINCT n.user_id) FROM user_notices n WHERE n.incident_id = i.id AND n.status = 'sent') AS notified
      FROM incidents i
      WHERE i.opened_at >= ${from.toISOString()}::timestamptz AND i.opened_at < ${to.toISOString()}::timestamptz
        ${q.provider ? sql`AND i.provider IN (${q.provider}, ${ALL_PROVIDERS})` : sql``}
      ORDER BY i.opened_at DESC, i.id DESC`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    severity: r.severity,
    provider: r.provider,
    openedAt: new Date(r.opened_at!),
    detectS: secs(r.onset_at, r.opened_at),
    ackS: secs(r.opened_at, r.ack_at),
    resolveS: secs(r.onset_at, r.resolved_at),
    usersNotified: Number(r.notified),
  }));
}

function figuresOf(items: Item[]) {
  return {
    count: items.length,
    detectMedianS: median(items.map((i) => i.detectS)),
    ackMedianS: median(items.map((i) => i.ackS)),
    resolveMedianS: median(items.map((i) => i.resolveS)),
    usersNotified: items.reduce((a, i) => a + i.usersNotified, 0),
  };
}

/**
 * The incidents and notices section: incidents opened in the range with time to detect (onset → opened),
 * to acknowledge (opened → first alert acknowledged or commander set) and to resolve (onset → resolved, as the incident reviews count it),
 * and the users personally notified. Incidents are few, so this reads them live.
 */
export async function getIncidentKpis(db: Db, q: KpiQuery): Promise<IncidentKpis> {
  const prev = previousOf(q);
  const items = await itemsOf(db, q, q.from, q.to);
  const now = figuresOf(items);
  const then = figuresOf(await itemsOf(db, q, prev.from, prev.to));
  const figures = paired(now, then, await previousCovered(db, q)) as IncidentKpis["figures"];
  return { figures, items };
}
