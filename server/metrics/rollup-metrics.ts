import "server-only";
import { and, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, complaintCounts, kpiDirtyHours, metricMinutes } from "@/db/schema";
import { CALLBACK_DELAY_BOUNDS_MS } from "@/lib/kpi";
import { getEnv } from "@/server/env";
import { rowsOf } from "@/server/lib/sql";

const MINUTE_MS = 60_000;
/** How far back each run looks for notifications of older orders (late payments): a few runs of the minute job. */
const LATE_SCAN_MS = 3 * MINUTE_MS;

const VERIFIED_DELAY = sql.raw(`c.verification = 'verified' AND c.delay_ms IS NOT NULL`);
/** One count per delay bucket (lib/kpi.ts): width_bucket gives 0 below the first bound, n from the last one on. */
const DELAY_HIST = sql.raw(
  `ARRAY[${Array.from({ length: CALLBACK_DELAY_BOUNDS_MS.length + 1 }, (_, i) =>
    `count(*) FILTER (WHERE c.verification = 'verified' AND c.delay_ms IS NOT NULL AND width_bucket(greatest(c.delay_ms, 0), ARRAY[${CALLBACK_DELAY_BOUNDS_MS.join(",")}]::bigint[]) = ${i})::int`,
  ).join(", ")}]`,
);
export const floorMinute = (t: Date | number) => new Date(Math.floor(new Date(t).getTime() / MINUTE_MS) * MINUTE_MS);

type Row = typeof metricMinutes.$inferInsert;
type Num = number | string | null;

export interface RollupOptions {
  now?: Date;
  /** First minute to (re)compute; default now − METRICS_RECOMPUTE. Earlier for a backfill. */
  from?: Date;
  settleMs?: number;
  retentionMs?: number;
  /**
   * Only these providers' rows, from their raw events; the overall ("*") rows are left alone (the caller
   * merges them). For backfilling history next to rows that did not come from raw events (the demo seed).
   */
  providers?: readonly string[];
}

/** An integer[] column as the driver returns it: an array (pg, PGlite) or its text form "{1,2}". */
export function intArray(v: number[] | string | null | undefined): number[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(Number);
  const inner = v.replace(/^\{|\}$/g, "");
  return inner === "" ? [] : inner.split(",").map(Number);
}

/**
 * Recomputes the per-minute rollups of [from, the last complete minute] from the raw tables and replaces
 * those minutes in metric_minutes in one transaction, so running it twice, or late events arriving,
 * converge on the same rows. Orders count in the minute they were registered (their payment-attempt
 * cohort: a payment that lands later raises that minute's successes); notifications in the minute they
 * were received. A payment or notification that lands after its order's minute left the window (every
 * payment comes with a callback_events row, notification or query answer, received now) marks that older
 * minute, which is recomputed in the same run (the late minutes), and marks its hour in kpi_dirty_hours for
 * rollupKpis. Then deletes rollups older than the retention.
 */
export async function rollupMetrics(db: Db, opts: RollupOptions = {}): Promise<{ from: Date; to: Date; rows: number; deleted: number; lateMinutes: Date[] }> {
  const env = getEnv();
  const now = opts.now ?? new Date();
  const to = floorMinute(now);
  const from = floorMinute(opts.from ?? now.getTime() - env.METRICS_RECOMPUTE);
  // A cohort's callbacks are "missing" only once they had time to come; until then the minute says 0.
  const settledBefore = new Date(to.getTime() - (opts.settleMs ?? env.METRICS_SETTLE));
  const range = { from: from.toISOString(), to: to.toISOString() };
  const only = opts.providers;
  const orderScope = only ? sql`AND o.provider IN (${sql.join(only.map((p) => sql`${p}`), sql`, `)})` : sql``;
  const callbackScope = only ? sql`AND c.provider IN (${sql.join(only.map((p) => sql`${p}`), sql`, `)})` : sql``;
  const retentionCutoff = new Date(now.getTime() - (opts.retentionMs ?? env.METRICS_RETENTION));

  // Older cohorts touched by the newest messages (callback_events_received_at_idx, then one order each): the
  // last LATE_SCAN_MS, which the minute job's runs overlap; a longer pause needs a backfill, as before.
  const scanFrom = new Date(Math.max(from.getTime(), to.getTime() - LATE_SCAN_MS)).toISOString();
  const late = rowsOf<{ minute: string }>(
    await db.execute(sql`
      SELECT DISTINCT date_trunc('minute', o.created_at) AS minute
      FROM callback_events c JOIN orders o ON o.order_no = c.order_no
      WHERE c.received_at >= ${scanFrom}::timestamptz AND c.received_at < ${range.to}::timestamptz
        AND o.created_at < ${range.from}::timestamptz AND o.created_at >= ${retentionCutoff.toISOString()}::timestamptz ${orderScope}`),
  );
  const lateMinutes = late.map((r) => new Date(r.minute)).sort((a, b) => a.getTime() - b.getTime());
  const ranges = [...lateMinutes.map((m) => ({ from: m, to: new Date(m.getTime() + MINUTE_MS) })), { from, to }];
  const within = (column: SQL) =>
    sql.join(ranges.map((r) => sql`(${column} >= ${r.from.toISOString()}::timestamptz AND ${column} < ${r.to.toISOString()}::timestamptz)`), sql` OR `);
  const orderSets = only ? sql`(date_trunc('minute', o.created_at), o.provider)` : sql`(date_trunc('minute', o.created_at), o.provider), (date_trunc('minute', o.created_at))`;
  const callbackSets = only ? sql`(date_trunc('minute', c.received_at), c.provider)` : sql`(date_trunc('minute', c.received_at), c.provider), (date_trunc('minute', c.received_at))`;

  const orderRows = rowsOf<{ minute: string; provider: string; attempts: Num; successes: Num; users: Num; amount: Num; missing: Num; fixed: Num }>(
    await db.execute(sql`
      SELECT date_trunc('minute', o.created_at) AS minute,
             CASE WHEN grouping(o.provider) = 1 THEN ${ALL_PROVIDERS} ELSE o.provider END AS provider,
             count(*) AS attempts,
             count(*) FILTER (WHERE o.paid_at IS NOT NULL) AS successes,
             count(DISTINCT o.user_id) AS users,
             coalesce(sum(o.amount_minor) FILTER (WHERE o.currency = 'CNY'), 0) AS amount,
             count(*) FILTER (WHERE o.paid_via = 'query') AS fixed,
             count(*) FILTER (WHERE date_trunc('minute', o.created_at) + interval '1 minute' <= ${settledBefore.toISOString()}::timestamptz
               AND NOT EXISTS (SELECT 1 FROM callback_events c WHERE c.order_no = o.order_no AND c.source = 'notify')) AS missing
      FROM orders o
      WHERE (${within(sql`o.created_at`)}) ${orderScope}
      GROUP BY GROUPING SETS (${orderSets})`),
  );
  const callbackRows = rowsOf<{ minute: string; provider: string; callbacks: Num; failures: Num; p50: Num; p95: Num; verified: Num; hist: number[] | string }>(
    await db.execute(sql`
      SELECT date_trunc('minute', c.received_at) AS minute,
             CASE WHEN grouping(c.provider) = 1 THEN ${ALL_PROVIDERS} ELSE c.provider END AS provider,
             count(*) AS callbacks,
             count(*) FILTER (WHERE c.verification IN ('rejected', 'malformed') OR c.outcome IN ('rejected', 'malformed', 'error')) AS failures,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(c.delay_ms, 0)) FILTER (WHERE c.verification = 'verified' AND c.delay_ms IS NOT NULL) AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY greatest(c.delay_ms, 0)) FILTER (WHERE c.verification = 'verified' AND c.delay_ms IS NOT NULL) AS p95,
             count(*) FILTER (WHERE ${VERIFIED_DELAY}) AS verified,
             ${DELAY_HIST} AS hist
      FROM callback_events c
      WHERE c.source = 'notify' AND (${within(sql`c.received_at`)}) ${callbackScope}
      GROUP BY GROUPING SETS (${callbackSets})`),
  );
  const complaintRows = await db
    .select()
    .from(complaintCounts)
    .where(or(...ranges.map((r) => and(gte(complaintCounts.minute, r.from), lt(complaintCounts.minute, r.to)))));

  const rows = new Map<string, Row>();
  const rowFor = (minute: string | Date, provider: string): Row => {
    const m = new Date(minute);
    const key = `${m.getTime()}|${provider}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { minute: m, provider }));
    return r;
  };
  for (const o of orderRows) {
    Object.assign(rowFor(o.minute, o.provider), {
      attempts: Number(o.attempts), successes: Number(o.successes), users: Number(o.users), amountMinor: Number(o.amount), callbacksMissing: Number(o.missing), fixedByQuery: Number(o.fixed),
    });
  }
  for (const c of callbackRows) {
    Object.assign(rowFor(c.minute, c.provider), {
      callbacks: Number(c.callbacks),
      callbackFailures: Number(c.failures),
      callbackDelayP50Ms: c.p50 === null ? null : Math.round(Number(c.p50)),
      callbackDelayP95Ms: c.p95 === null ? null : Math.round(Number(c.p95)),
      callbackDelayHist: Number(c.verified) > 0 ? intArray(c.hist) : null,
    });
  }
  for (const c of complaintRows) {
    if (only) {
      if (only.includes(c.provider)) rowFor(c.minute, c.provider).complaints = (rowFor(c.minute, c.provider).complaints ?? 0) + c.count;
      continue;
    }
    // Complaints not tied to a provider ("*") count only in the overall row.
    if (c.provider !== ALL_PROVIDERS) rowFor(c.minute, c.provider).complaints = (rowFor(c.minute, c.provider).complaints ?? 0) + c.count;
    const all = rowFor(c.minute, ALL_PROVIDERS);
    all.complaints = (all.complaints ?? 0) + c.count;
  }

  const deleted = await db.transaction(async (tx) => {
    await tx
      .delete(metricMinutes)
      .where(and(or(...ranges.map((r) => and(gte(metricMinutes.minute, r.from), lt(metricMinutes.minute, r.to)))), only ? inArray(metricMinutes.provider, [...only]) : undefined));
    const values = [...rows.values()];
    for (let i = 0; i < values.length; i += 500) await tx.insert(metricMinutes).values(values.slice(i, i + 500));
    // Their hours are outside the KPI rollup's usual window: mark them for its next run.
    const dirty = [...new Set(lateMinutes.map((m) => Math.floor(m.getTime() / 3_600_000) * 3_600_000))];
    if (dirty.length > 0) {
      await tx
        .insert(kpiDirtyHours)
        .values(dirty.map((h) => ({ hour: new Date(h), updatedAt: now })))
        .onConflictDoUpdate({ target: kpiDirtyHours.hour, set: { updatedAt: now } });
    }
    const gone = await tx.delete(metricMinutes).where(lt(metricMinutes.minute, retentionCutoff)).returning({ minute: metricMinutes.minute });
    await tx.delete(complaintCounts).where(lt(complaintCounts.minute, retentionCutoff));
    return gone.length;
  });
  return { from, to, rows: rows.size, deleted, lateMinutes };
}

