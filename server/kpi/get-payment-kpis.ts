import "server-only";
import { and, eq, gte, lt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, kpiHours } from "@/db/schema";
import { CALLBACK_DELAY_BOUNDS_MS, type KpiQuery, type PaymentKpis } from "@/lib/kpi";
import { getEnv } from "@/server/env";
import { addHist, emptyHist, histQuantile } from "./histogram";
import { type BucketedRow, bucketsOf, byBucket, paired, previousCovered, previousOf, ratio, readKpiHours, scopeOf, sum } from "./read-kpi-hours";

const WEEK_MS = 7 * 86_400_000;
const BASELINE_WEEKS = 4;

function delayHist(rows: readonly BucketedRow[]): number[] {
  const h = emptyHist(CALLBACK_DELAY_BOUNDS_MS);
  for (const r of rows) addHist(h, r.callbackDelayHist);
  return h;
}

function figuresOf(rows: readonly BucketedRow[]) {
  const attempts = sum(rows, (r) => r.attempts);
  const callbacks = sum(rows, (r) => r.callbacks);
  const hist = delayHist(rows);
  return {
    successRate: ratio(sum(rows, (r) => r.successes), attempts),
    attempts: rows.length ? attempts : null,
    amountMinor: rows.length ? sum(rows, (r) => r.amountMinor) : null,
    callbackDelayP50Ms: histQuantile(hist, CALLBACK_DELAY_BOUNDS_MS, 0.5),
    callbackDelayP95Ms: histQuantile(hist, CALLBACK_DELAY_BOUNDS_MS, 0.95),
    callbackFailureRate: ratio(sum(rows, (r) => r.callbackFailures), callbacks),
    fixedByQuery: rows.length ? sum(rows, (r) => r.fixedByQuery) : null,
  };
}

/**
 * The payments section: success rate (per provider), volume and amount against the seasonal baseline (the
 * mean of the same bucket in the 4 weeks before, over the weeks that have a rollup row), callback delay
 * percentiles and failure rate, orders fixed by our status query. Reads kpi_hours only.
 */
export async function getPaymentKpis(db: Db, q: KpiQuery): Promise<PaymentKpis> {
  const prev = previousOf(q);
  // The baseline needs only the same buckets 1..4 weeks back, not everything in between.
  const weeks = Array.from({ length: BASELINE_WEEKS }, (_, k) => ({ from: new Date(q.from.getTime() - (k + 1) * WEEK_MS), to: new Date(q.to.getTime() - (k + 1) * WEEK_MS) }));
  const rows = await readKpiHours(db, scopeOf(q), prev.from, q.to, q.bucket, { cur: q.from, prev: prev.from }, {
    sums: ["attempts", "successes", "amount_minor", "callbacks", "callback_failures", "fixed_by_query"],
    hists: ["callback_delay_hist"],
  }, weeks);
  const cur = rows.filter((r) => r.period === "cur");
  const before = rows.filter((r) => r.period === "prev");
  const now = figuresOf(cur);
  const then = figuresOf(before);
  const figures = paired(now, then, await previousCovered(db, q)) as PaymentKpis["figures"];

  const curBy = byBucket(cur);
  const allBy = byBucket(rows.filter((r) => r.period !== "cur"));
  const buckets = bucketsOf(q.from, q.to, q.bucket);
  const volume: PaymentKpis["volume"] = [];
  const callbacks: PaymentKpis["callbacks"] = [];
  const fixedByQuery: PaymentKpis["fixedByQuery"] = [];
  for (const t of buckets) {
    const b = curBy.get(t.getTime()) ?? [];
    const weeks = [];
    for (let k = 1; k <= BASELINE_WEEKS; k++) {
      const w = allBy.get(t.getTime() - k * WEEK_MS);
      if (w) weeks.push(w);
    }
    volume.push({
      t,
      attempts: sum(b, (r) => r.attempts),
      amountMinor: sum(b, (r) => r.amountMinor),
      baselineAttempts: weeks.length ? sum(weeks, (w) => sum(w, (r) => r.attempts)) / weeks.length : null,
      baselineAmountMinor: weeks.length ? Math.round(sum(weeks, (w) => sum(w, (r) => r.amountMinor)) / weeks.length) : null,
    });
    const hist = delayHist(b);
    callbacks.push({
      t,
      callbacks: sum(b, (r) => r.callbacks),
      failures: sum(b, (r) => r.callbackFailures),
      p50Ms: histQuantile(hist, CALLBACK_DELAY_BOUNDS_MS, 0.5),
      p95Ms: histQuantile(hist, CALLBACK_DELAY_BOUNDS_MS, 0.95),
    });
    fixedByQuery.push({ t, count: sum(b, (r) => r.fixedByQuery) });
  }

  const tz = getEnv().BUSINESS_TIMEZONE;
  // The zone as a literal: a bound parameter would make the GROUP BY expression differ from the selected one.
  const bucketT = q.bucket === "day" ? sql`date_trunc('day', ${kpiHours.hour}, ${sql.raw(`'${tz.replace(/'/g, "''")}'`)})` : sql`${kpiHours.hour}`;
  const perProvider = await db
    .select({
      t: bucketT.mapWith((v: string | Date) => new Date(v)),
      provider: kpiHours.provider,
      attempts: sql<number>`sum(${kpiHours.attempts})`.mapWith(Number),
      successes: sql<number>`sum(${kpiHours.successes})`.mapWith(Number),
    })
    .from(kpiHours)
    .where(and(q.provider ? eq(kpiHours.provider, q.provider) : ne(kpiHours.provider, ALL_PROVIDERS), gte(kpiHours.hour, q.from), lt(kpiHours.hour, q.to)))
    .groupBy(bucketT, kpiHours.provider)
    .orderBy(bucketT, kpiHours.provider);

  return {
    figures,
    successByProvider: perProvider.filter((r) => r.attempts > 0),
    volume,
    callbacks,
    fixedByQuery,
    currency: "CNY",
  };
}
