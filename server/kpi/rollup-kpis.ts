import "server-only";
import { and, desc, eq, gte, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, kpiDirtyHours, kpiHourCounts, kpiHours, rollupWatermarks } from "@/db/schema";
import { CALLBACK_DELAY_BOUNDS_MS, DURATION_BOUNDS_S } from "@/lib/kpi";
import { intArray } from "@/server/metrics/rollup-metrics";
import { rowsOf } from "@/server/lib/sql";
import { addHist, bucketOf, emptyHist } from "./histogram";

export const HOUR_MS = 3_600_000;
export const floorHour = (t: Date | number) => new Date(Math.floor(new Date(t).getTime() / HOUR_MS) * HOUR_MS);

type Num = number | string | null;
/** Cell-by-cell sum of the minutes' delay histograms (null cells and null histograms add nothing). */
const HIST_SUM = sql.raw(`ARRAY[${Array.from({ length: CALLBACK_DELAY_BOUNDS_MS.length + 1 }, (_, i) => `coalesce(sum(callback_delay_hist[${i + 1}]), 0)::int`).join(", ")}]`);
type HourRow = typeof kpiHours.$inferInsert & { hour: Date; provider: string };
type CountRow = typeof kpiHourCounts.$inferInsert;
type Ts = string | Date | null;

export interface RollupKpisOptions {
  now?: Date;
  /** First hour to (re)compute, for a backfill; default: the previous hour, or the last hour rolled up if older. */
  from?: Date;
}

const secondsBetween = (a: Ts, b: Ts) => (new Date(b!).getTime() - new Date(a!).getTime()) / 1000;

const WATERMARK = "kpi";
/** Writers stamp rows with their own clock inside transactions that may commit after our read: look back this far too. */
const WATERMARK_OVERLAP_MS = 5 * 60_000;
/** Ticket events that can change an hour long past (a reopen clears the resolution; type and order decide how it counts). */
const RESHAPING_EVENTS = ["status_changed", "type_changed", "linked", "merged_into", "merged_from"];

/**
 * Rolls the hours [from, the current hour] up into kpi_hours and kpi_hour_counts, replacing them in one
 * transaction per run of hours (idempotent: running it twice, or over a wider range, gives the same rows).
 * Payment columns are summed from metric_minutes (run rollupMetrics first); service and reconciliation
 * columns are counted from tickets, ticket events, refunds and discrepancies at the time each thing happened
 * (opened, answered, resolved, breached, succeeded, found, closed), so only the hours in which something
 * happened change. Called every minute by the metrics job right after rollupMetrics.
 *
 * Without `from`, the run also catches up: the hours rollupMetrics marked in kpi_dirty_hours (late payments)
 * and, from the ticket events written since its last run (the "kpi" watermark, ticket_events_created_at_idx),
 * an SLA breach stamped in an older hour; a ticket reopened, retyped or relinked recomputes from the hour it
 * was opened on (its backlog spans them all). The result equals a backfill. Refunds and discrepancies are
 * stamped when they succeed or close (inside the window), so they need no catch-up.
 */
export async function rollupKpis(db: Db, opts: RollupKpisOptions = {}): Promise<{ hours: number }> {
  const now = opts.now ?? new Date();
  const current = floorHour(now);
  const to = new Date(current.getTime() + HOUR_MS);
  if (opts.from) {
    const from = floorHour(opts.from);
    await rollupRange(db, from, to);
    return { hours: Math.round((to.getTime() - from.getTime()) / HOUR_MS) };
  }
  let from = new Date(current.getTime() - HOUR_MS);
  // Catch up after a pause: restart from the last hour written, if older than the previous hour.
  const [last] = await db.select({ hour: kpiHours.hour }).from(kpiHours).where(eq(kpiHours.provider, ALL_PROVIDERS)).orderBy(desc(kpiHours.hour)).limit(1);
  if (last && last.hour.getTime() < from.getTime()) from = floorHour(last.hour);
  // Hours the minute rollup recomputed late (payments that landed after their order's minute had passed).
  const dirty = await db.select({ hour: kpiDirtyHours.hour, updatedAt: kpiDirtyHours.updatedAt }).from(kpiDirtyHours);
  const late = await lateHours(db, from, dirty, now);
  if (late.from && late.from.getTime() < from.getTime()) from = late.from;
  let hours = 0;
  for (const r of coalesceHours(late.hours.filter((h) => h < from.getTime()), { from, to })) {
    await rollupRange(db, r.from, r.to);
    hours += Math.round((r.to.getTime() - r.from.getTime()) / HOUR_MS);
  }
  // Cleared unless marked again meanwhile (then the next run recomputes it once more).
  for (const d of dirty) await db.delete(kpiDirtyHours).where(and(eq(kpiDirtyHours.hour, d.hour), lte(kpiDirtyHours.updatedAt, d.updatedAt)));
  await db
    .insert(rollupWatermarks)
    .values({ name: WATERMARK, at: now })
    .onConflictDoUpdate({ target: rollupWatermarks.name, set: { at: now, updatedAt: now } });
  return { hours };
}

/** Hours changed by writes since the last run: single hours, and the earliest start of a run up to now. */
async function lateHours(db: Db, windowFrom: Date, dirty: { hour: Date }[], now: Date): Promise<{ hours: number[]; from: Date | null }> {
  const [mark] = await db.select({ at: rollupWatermarks.at }).from(rollupWatermarks).where(eq(rollupWatermarks.name, WATERMARK));
  // The first run has no earlier run to catch up with (history comes from a backfill); marked hours still count.
  if (!mark) return { hours: dirty.filter((d) => d.hour.getTime() < windowFrom.getTime()).map((d) => d.hour.getTime()), from: null };
  const since = new Date(mark.at.getTime() - WATERMARK_OVERLAP_MS).toISOString();
  const w = windowFrom.toISOString();
  const hours = new Set<number>();
  let from: Date | null = null;
  const startAt = (at: Ts) => {
    const h = floorHour(new Date(at!));
    if (!from || h.getTime() < from.getTime()) from = h;
  };
  for (const d of dirty) if (d.hour.getTime() < windowFrom.getTime()) hours.add(d.hour.getTime());
  const events = rowsOf<{ kind: string; at: Ts; from_status: string | null; opened: Ts }>(
    await db.execute(sql`
      SELECT e.kind, e.at, e.data->>'from' AS from_status, t.created_at AS opened
      FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
      WHERE e.created_at >= ${since}::timestamptz AND e.created_at < ${now.toISOString()}::timestamptz
        AND (e.kind IN (${sql.join(RESHAPING_EVENTS.map((k) => sql`${k}`), sql`, `)}) OR (e.kind = 'sla_breached' AND e.at < ${w}::timestamptz))`),
  );
  for (const e of events) {
    if (e.kind === "sla_breached") hours.add(floorHour(new Date(e.at!)).getTime());
    // Moving into solved/closed happens now (inside the window); moving out of it un-resolves an older hour.
    else if (e.kind !== "status_changed" || e.from_status === "solved" || e.from_status === "closed") startAt(e.opened);
  }
  return { hours: [...hours], from };
}

/** Sorted single hours merged into runs, then the main window last (the hours given lie before it). */
function coalesceHours(hours: number[], main: { from: Date; to: Date }): { from: Date; to: Date }[] {
  const runs: { from: Date; to: Date }[] = [];
  for (const h of [...new Set(hours)].sort((a, b) => a - b)) {
    const prev = runs.at(-1);
    if (prev && prev.to.getTime() === h) prev.to = new Date(h + HOUR_MS);
    else runs.push({ from: new Date(h), to: new Date(h + HOUR_MS) });
  }
  const prev = runs.at(-1);
  if (prev && prev.to.getTime() === main.from.getTime()) {
    prev.to = main.to;
    return runs;
  }
  return [...runs, main];
}

async function rollupRange(db: Db, from: Date, to: Date): Promise<void> {
  const f = from.toISOString();
  const t = to.toISOString();

  const rows = new Map<string, HourRow>();
  const rowFor = (at: Ts | Date, provider: string): HourRow => {
    const hour = floorHour(new Date(at!));
    const key = `${hour.getTime()}|${provider}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        hour, provider,
        callbackDelayHist: emptyHist(CALLBACK_DELAY_BOUNDS_MS), firstResponseHist: emptyHist(DURATION_BOUNDS_S),
        handleHist: emptyHist(DURATION_BOUNDS_S), discrepancyResolveHist: emptyHist(DURATION_BOUNDS_S),
      };
      rows.set(key, r);
    }
    return r;
  };
  /** Applies `add` to the provider's row and the all-providers row (a null provider counts only in "*"). */
  const both = (at: Ts, provider: string | null, add: (r: HourRow) => void) => {
    add(rowFor(at, ALL_PROVIDERS));
    if (provider && provider !== ALL_PROVIDERS) add(rowFor(at, provider));
  };
  const inc = (r: HourRow, k: keyof HourRow, by = 1) => {
    (r as Record<string, unknown>)[k] = ((r[k] as number | undefined) ?? 0) + by;
  };
  for (let h = from.getTime(); h < to.getTime(); h += HOUR_MS) rowFor(new Date(h), ALL_PROVIDERS);

  // Payments: the minutes already carry both scopes; summed per hour in the database (a month is ~200k minutes).
  const hourly = rowsOf<{ hour: Ts; provider: string; attempts: Num; successes: Num; amount: Num; callbacks: Num; failures: Num; fixed: Num; complaints: Num; hist: number[] | string }>(
    await db.execute(sql`
      SELECT date_trunc('hour', minute) AS hour, provider, sum(attempts) AS attempts, sum(successes) AS successes, sum(amount_minor) AS amount,
             sum(callbacks) AS callbacks, sum(callback_failures) AS failures, sum(fixed_by_query) AS fixed, sum(complaints) AS complaints, ${HIST_SUM} AS hist
      FROM metric_minutes WHERE minute >= ${f}::timestamptz AND minute < ${t}::timestamptz
      GROUP BY 1, 2`),
  );
  for (const m of hourly) {
    const r = rowFor(m.hour, m.provider);
    inc(r, "attempts", Number(m.attempts));
    inc(r, "successes", Number(m.successes));
    inc(r, "amountMinor", Number(m.amount));
    inc(r, "callbacks", Number(m.callbacks));
    inc(r, "callbackFailures", Number(m.failures));
    inc(r, "fixedByQuery", Number(m.fixed));
    inc(r, "complaints", Number(m.complaints));
    addHist(r.callbackDelayHist!, intArray(m.hist));
  }

  // Tickets that were opened, answered or resolved in the range, or still open during it (backlog).
  const tickets = rowsOf<{ type: string; created_at: Ts; first_response_at: Ts; resolved_at: Ts; handle_seconds: number | null; fcr: boolean | null; provider: string | null }>(
    await db.execute(sql`
      SELECT t.type, t.created_at, t.first_response_at, coalesce(t.solved_at, t.closed_at) AS resolved_at,
             t.handle_seconds, t.first_contact_resolution AS fcr, o.provider
      FROM tickets t LEFT JOIN orders o ON o.order_no = t.order_no
      WHERE t.created_at < ${t}::timestamptz
        AND (coalesce(t.solved_at, t.closed_at) IS NULL OR coalesce(t.solved_at, t.closed_at) >= ${f}::timestamptz OR t.first_response_at >= ${f}::timestamptz)`),
  );
  const counts = new Map<string, CountRow>();
  const countFor = (at: Ts, provider: string, dimension: CountRow["dimension"], key: string) => {
    const hour = floorHour(new Date(at!));
    const k = `${hour.getTime()}|${provider}|${dimension}|${key}`;
    let c = counts.get(k);
    if (!c) counts.set(k, (c = { hour, provider, dimension, key, count: 0, amountMinor: 0 }));
    return c;
  };
  const inRange = (at: Ts) => at !== null && new Date(at).getTime() >= from.getTime() && new Date(at).getTime() < to.getTime();
  for (const tk of tickets) {
    if (inRange(tk.created_at)) {
      both(tk.created_at, tk.provider, (r) => inc(r, "ticketsOpened"));
      for (const p of tk.provider ? [ALL_PROVIDERS, tk.provider] : [ALL_PROVIDERS]) countFor(tk.created_at, p, "ticket_type", tk.type).count! += 1;
    }
    if (inRange(tk.first_response_at)) {
      const b = bucketOf(Math.max(0, secondsBetween(tk.created_at, tk.first_response_at)), DURATION_BOUNDS_S);
      both(tk.first_response_at, tk.provider, (r) => r.firstResponseHist![b]! += 1);
    }
    if (inRange(tk.resolved_at)) {
      both(tk.resolved_at, tk.provider, (r) => {
        inc(r, "ticketsResolved");
        if (tk.handle_seconds !== null) r.handleHist![bucketOf(tk.handle_seconds, DURATION_BOUNDS_S)]! += 1;
        if (tk.fcr !== null) {
          inc(r, "fcrKnown");
          if (tk.fcr) inc(r, "fcrYes");
        }
      });
    }
    // Backlog: open at the end of each hour of the range.
    const opened = new Date(tk.created_at!).getTime();
    const resolved = tk.resolved_at === null ? Infinity : new Date(tk.resolved_at).getTime();
    for (let h = Math.max(from.getTime(), floorHour(opened).getTime()); h < to.getTime(); h += HOUR_MS) {
      const end = h + HOUR_MS;
      if (resolved < end) break;
      both(new Date(h).toISOString(), tk.provider, (r) => inc(r, "ticketsBacklog"));
    }
  }

  const breaches = rowsOf<{ at: Ts; provider: string | null }>(
    await db.execute(sql`
      SELECT e.at, o.provider FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id LEFT JOIN orders o ON o.order_no = t.order_no
      WHERE e.kind = 'sla_breached' AND e.at >= ${f}::timestamptz AND e.at < ${t}::timestamptz`),
  );
  for (const b of breaches) both(b.at, b.provider, (r) => inc(r, "slaBreaches"));

  // Refunds count when the money went back; "approved" = a second person decided it (refund authority).
  const refunds = rowsOf<{ at: Ts; provider: string; approved: boolean; amount: number | string; currency: string }>(
    await db.execute(sql`
      SELECT r.succeeded_at AS at, r.provider, r.decided_by IS NOT NULL AS approved, r.amount_minor AS amount, r.currency
      FROM refunds r WHERE r.status = 'succeeded' AND r.succeeded_at >= ${f}::timestamptz AND r.succeeded_at < ${t}::timestamptz`),
  );
  for (const rf of refunds) {
    const amount = rf.currency === "CNY" ? Number(rf.amount) : 0;
    both(rf.at, rf.provider, (r) => {
      inc(r, rf.approved ? "refundsApproved" : "refundsInstant");
      inc(r, rf.approved ? "refundsApprovedMinor" : "refundsInstantMinor", amount);
    });
  }

  // Discrepancies: found (by type and risk, with the amount at stake) and closed (by a rule or a person).
  const found = rowsOf<{ at: Ts; provider: string; type: string; risk: string; amount: number | string | null }>(
    await db.execute(sql`
      SELECT d.detected_at AS at, d.provider, d.type, d.risk, d.difference_minor AS amount
      FROM discrepancies d WHERE d.detected_at >= ${f}::timestamptz AND d.detected_at < ${t}::timestamptz`),
  );
  for (const d of found) {
    both(d.at, d.provider, (r) => inc(r, "discrepanciesFound"));
    for (const p of [ALL_PROVIDERS, d.provider]) {
      const c = countFor(d.at, p, "discrepancy", `${d.type}:${d.risk}`);
      c.count! += 1;
      c.amountMinor! += Math.abs(Number(d.amount ?? 0));
    }
  }
  const closed = rowsOf<{ at: Ts; detected_at: Ts; provider: string; auto: boolean }>(
    await db.execute(sql`
      SELECT d.resolved_at AS at, d.detected_at, d.provider, d.repair_rule IS NOT NULL AS auto
      FROM discrepancies d
      WHERE d.status IN ('resolved', 'written_off', 'ignored') AND d.resolved_at >= ${f}::timestamptz AND d.resolved_at < ${t}::timestamptz`),
  );
  for (const d of closed) {
    const b = bucketOf(Math.max(0, secondsBetween(d.detected_at, d.at)), DURATION_BOUNDS_S);
    both(d.at, d.provider, (r) => {
      inc(r, d.auto ? "discrepanciesAuto" : "discrepanciesManual");
      r.discrepancyResolveHist![b]! += 1;
    });
  }

  const hourRows = [...rows.values()];
  const countRows = [...counts.values()];
  await db.transaction(async (tx) => {
    await tx.delete(kpiHours).where(and(gte(kpiHours.hour, from), lt(kpiHours.hour, to)));
    await tx.delete(kpiHourCounts).where(and(gte(kpiHourCounts.hour, from), lt(kpiHourCounts.hour, to)));
    for (let i = 0; i < hourRows.length; i += 500) await tx.insert(kpiHours).values(hourRows.slice(i, i + 500));
    for (let i = 0; i < countRows.length; i += 500) await tx.insert(kpiHourCounts).values(countRows.slice(i, i + 500));
  });
}
