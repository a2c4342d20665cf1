import "server-only";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, kpiHourCounts, kpiHours, type KpiHour } from "@/db/schema";
import { CALLBACK_DELAY_BOUNDS_MS, DURATION_BOUNDS_S, type KpiBucket, type KpiQuery } from "@/lib/kpi";
import { getEnv } from "@/server/env";
import { rowsOf } from "@/server/lib/sql";
import { intArray } from "@/server/metrics/rollup-metrics";
import { businessDay, dayStart } from "@/server/status/business-days";
import { HOUR_MS } from "./rollup-kpis";

// Shared reading of the KPI rollups for the four dashboard sections: one indexed range read per table on
// (provider, hour), bucketing by hour or business day in SQL, sums and histograms in JS.

const DAY_MS = 86_400_000;

export const scopeOf = (q: KpiQuery) => q.provider ?? ALL_PROVIDERS;

/** The same-length period just before the query's. */
export const previousOf = (q: KpiQuery) => ({ from: new Date(2 * q.from.getTime() - q.to.getTime()), to: q.from });

/**
 * Whether the rollups reach back over the whole previous period (their first hour, kpi_hours_hour_idx, at or
 * before its start). A comparison with a partly recorded period — the first weeks after going live, or a demo
 * with a month of history on a 30-day range — would show +3,000 % where nothing changed; the dashboard shows
 * "no previous data" instead.
 */
export async function previousCovered(db: Db, q: KpiQuery): Promise<boolean> {
  const [row] = await db.select({ first: sql<Date | string | null>`min(${kpiHours.hour})` }).from(kpiHours);
  const first = row?.first ? new Date(row.first) : null;
  return first !== null && first.getTime() <= previousOf(q).from.getTime();
}

/** Each figure with its previous value, or with none when the previous period is not covered (previousCovered). */
export function paired<K extends string>(now: Record<K, number | null>, then: Record<K, number | null>, covered: boolean): Record<K, { value: number | null; previous: number | null }> {
  return Object.fromEntries((Object.keys(now) as K[]).map((k) => [k, { value: now[k], previous: covered ? then[k] : null }])) as Record<K, { value: number | null; previous: number | null }>;
}

export type KpiPeriod = "cur" | "prev" | "base";

/** The sums of one bucket's hours within one period (additive columns summed, histograms cell by cell). */
export interface BucketedRow extends Omit<KpiHour, "createdAt" | "updatedAt" | "provider"> {
  /** Start of the bucket (hour, or the business day's local midnight). */
  t: Date;
  /** cur = [q.from, q.to), prev = the same length before, base = anything earlier (seasonal baseline). */
  period: KpiPeriod;
  /** `hour` is the bucket's last rolled-up hour; ticketsBacklog is the backlog at its end. */
}

export const SUMMED = [
  "attempts", "successes", "amount_minor", "callbacks", "callback_failures", "fixed_by_query", "complaints", "tickets_opened", "tickets_resolved", "sla_breaches",
  "fcr_known", "fcr_yes", "refunds_instant", "refunds_instant_minor", "refunds_approved", "refunds_approved_minor", "discrepancies_found", "discrepancies_auto",
  "discrepancies_manual",
] as const;
export const HISTS = [
  ["callback_delay_hist", CALLBACK_DELAY_BOUNDS_MS.length + 1],
  ["first_response_hist", DURATION_BOUNDS_S.length + 1],
  ["handle_hist", DURATION_BOUNDS_S.length + 1],
  ["discrepancy_resolve_hist", DURATION_BOUNDS_S.length + 1],
] as const;
const camel = (c: string) => c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase());
type Summed = (typeof SUMMED)[number];
type Hist = (typeof HISTS)[number][0];

/** Which columns a section reads: only those are aggregated (the others come back as 0 / empty). */
export interface KpiColumns {
  sums: readonly Summed[];
  hists: readonly Hist[];
  backlog?: boolean;
}

function aggregates(cols: KpiColumns) {
  return sql.raw(
    [
      ...cols.sums.map((c) => `coalesce(sum(${c}), 0)::bigint AS ${c}`),
      ...HISTS.filter(([c]) => cols.hists.includes(c)).map(([c, n]) => `ARRAY[${Array.from({ length: n }, (_, i) => `coalesce(sum(${c}[${i + 1}]), 0)`).join(", ")}]::bigint[] AS ${c}`),
      cols.backlog ? "(array_agg(tickets_backlog ORDER BY hour DESC))[1] AS tickets_backlog" : "0 AS tickets_backlog",
      "max(hour) AS hour",
    ].join(", "),
  );
}

/**
 * kpi_hours of one scope with hour in [from, to), summed per bucket and period in SQL (one indexed range read on
 * (provider, hour); at most a few hundred rows come back whatever the range). `split` = q.from and the previous
 * period's start: hours before split[1] are "base", before split[0] "prev", the rest "cur".
 */
export async function readKpiHours(
  db: Db, scope: string, from: Date, to: Date, bucket: KpiBucket, split: { cur: Date; prev: Date }, cols: KpiColumns,
  /** Further [from, to) windows to read besides [from, to) (the baseline weeks). */
  extra: readonly { from: Date; to: Date }[] = [],
): Promise<BucketedRow[]> {
  const tz = getEnv().BUSINESS_TIMEZONE;
  // The zone as a literal: a bound parameter would make the GROUP BY expression differ from the selected one.
  const t = bucket === "day" ? sql.raw(`date_trunc('day', hour, '${tz.replace(/'/g, "''")}')`) : sql.raw("hour");
  const result = await db.execute(sql`
    SELECT ${t} AS t,
           CASE WHEN hour >= ${split.cur.toISOString()}::timestamptz THEN 'cur' WHEN hour >= ${split.prev.toISOString()}::timestamptz THEN 'prev' ELSE 'base' END AS period,
           ${aggregates(cols)}
    FROM kpi_hours
    WHERE provider = ${scope} AND (${sql.join(
      [{ from, to }, ...extra].map((w) => sql`(hour >= ${w.from.toISOString()}::timestamptz AND hour < ${w.to.toISOString()}::timestamptz)`),
      sql` OR `,
    )})
    GROUP BY 1, 2
    ORDER BY 1, 2`);
  return rowsOf<Record<string, unknown>>(result).map((r) => {
    const out: Record<string, unknown> = { t: new Date(r.t as string), period: r.period, hour: new Date(r.hour as string), ticketsBacklog: Number(r.tickets_backlog) };
    for (const c of SUMMED) out[camel(c)] = r[c] === undefined ? 0 : Number(r[c]);
    for (const [c] of HISTS) out[camel(c)] = intArray(r[c] as number[] | string | undefined);
    return out as unknown as BucketedRow;
  });
}

/** kpi_hour_counts of one scope and dimension, summed per key over [from, to). */
export async function readHourCounts(db: Db, scope: string, dimension: "discrepancy" | "ticket_type", from: Date, to: Date) {
  return db
    .select({ key: kpiHourCounts.key, count: sql<number>`sum(${kpiHourCounts.count})`.mapWith(Number), amountMinor: sql<number>`sum(${kpiHourCounts.amountMinor})`.mapWith(Number) })
    .from(kpiHourCounts)
    .where(and(eq(kpiHourCounts.provider, scope), eq(kpiHourCounts.dimension, dimension), gte(kpiHourCounts.hour, from), lt(kpiHourCounts.hour, to)))
    .groupBy(kpiHourCounts.key);
}

/** Every bucket start of [from, to): whole hours from the first one at or after `from`, or business days. */
export function bucketsOf(from: Date, to: Date, bucket: KpiBucket): Date[] {
  const out: Date[] = [];
  if (bucket === "hour") {
    for (let h = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS; h < to.getTime(); h += HOUR_MS) out.push(new Date(h));
    return out;
  }
  const tz = getEnv().BUSINESS_TIMEZONE;
  let day = businessDay(from, tz);
  for (let i = 0; i < 400; i++) {
    const start = dayStart(day, tz);
    if (start.getTime() >= to.getTime()) break;
    out.push(start);
    // the next calendar day (noon avoids a daylight-saving edge)
    day = businessDay(new Date(start.getTime() + DAY_MS + 12 * HOUR_MS), tz);
  }
  return out;
}

/** Groups rows by bucket start (ms). */
export function byBucket<T extends { t: Date }>(rows: readonly T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = r.t.getTime();
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export const sum = <T>(rows: readonly T[], pick: (r: T) => number) => rows.reduce((a, r) => a + pick(r), 0);
export const ratio = (num: number, den: number) => (den > 0 ? num / den : null);
