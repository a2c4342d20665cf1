import "server-only";
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { discrepancies, statementImports } from "@/db/schema";
import type { DiscrepancyType, RiskLevel } from "@/lib/enums";
import { DURATION_BOUNDS_S, type KpiQuery, type ReconKpis } from "@/lib/kpi";
import { getEnv } from "@/server/env";
import { businessDay } from "@/server/status/business-days";
import { addHist, emptyHist, histQuantile } from "./histogram";
import { type BucketedRow, bucketsOf, byBucket, paired, previousCovered, previousOf, ratio, readHourCounts, readKpiHours, scopeOf, sum } from "./read-kpi-hours";

/** Open = still someone's (or the grace timer's) to handle. */
const OPEN = ["open", "waiting"] as const;

async function matchDays(db: Db, q: KpiQuery, from: Date, to: Date) {
  const tz = getEnv().BUSINESS_TIMEZONE;
  // The statement day of [from, to): first and last business day touched (imports are one per provider and day).
  const first = businessDay(from, tz);
  const last = businessDay(new Date(to.getTime() - 1), tz);
  return db
    .select({
      day: sql<string>`${statementImports.businessDate}::text`,
      lines: sql<number>`sum(${statementImports.statementLines})`.mapWith(Number),
      matched: sql<number>`sum(${statementImports.matched})`.mapWith(Number),
    })
    .from(statementImports)
    .where(
      and(
        eq(statementImports.status, "completed"),
        gte(statementImports.businessDate, first),
        sql`${statementImports.businessDate} <= ${last}`,
        q.provider ? eq(statementImports.provider, q.provider as never) : undefined,
      ),
    )
    .groupBy(statementImports.businessDate)
    .orderBy(statementImports.businessDate);
}

function figuresOf(rows: readonly BucketedRow[], days: { lines: number; matched: number }[]) {
  const any = rows.length > 0;
  const h = emptyHist(DURATION_BOUNDS_S);
  for (const r of rows) addHist(h, r.discrepancyResolveHist);
  return {
    matchRate: ratio(sum(days, (d) => d.matched), sum(days, (d) => d.lines)),
    discrepancies: any ? sum(rows, (r) => r.discrepanciesFound) : null,
    autoRepaired: any ? sum(rows, (r) => r.discrepanciesAuto) : null,
    manual: any ? sum(rows, (r) => r.discrepanciesManual) : null,
    resolveMedianS: histQuantile(h, DURATION_BOUNDS_S, 0.5),
  };
}

/**
 * The reconciliation section: statement match rate per business day, discrepancies found by type and risk,
 * closed by a repair rule or by a person, median time to resolve; amount at risk and the oldest open item are
 * live figures over open items (age measured at the end of the range, or now if that is earlier).
 */
export async function getReconKpis(db: Db, q: KpiQuery): Promise<ReconKpis> {
  const prev = previousOf(q);
  const rows = await readKpiHours(db, scopeOf(q), prev.from, q.to, q.bucket, { cur: q.from, prev: prev.from }, {
    sums: ["discrepancies_found", "discrepancies_auto", "discrepancies_manual"],
    hists: ["discrepancy_resolve_hist"],
  });
  const cur = rows.filter((r) => r.period === "cur");
  const days = await matchDays(db, q, q.from, q.to);
  const prevDays = await matchDays(db, q, prev.from, prev.to);
  const now = figuresOf(cur, days);
  const then = figuresOf(rows.filter((r) => r.period === "prev"), prevDays);

  const providerOf = q.provider ? eq(discrepancies.provider, q.provider as never) : undefined;
  const [risk] = await db
    .select({ amount: sql<number>`coalesce(sum(abs(${discrepancies.differenceMinor})), 0)`.mapWith(Number) })
    .from(discrepancies)
    .where(and(inArray(discrepancies.status, [...OPEN]), providerOf));
  // Its age as of the range's end: an item found after that end did not exist yet in the range (a past range shows none).
  const at = Math.min(q.to.getTime(), Date.now());
  const [oldest] = await db
    .select({ id: discrepancies.id, type: discrepancies.type, createdAt: discrepancies.detectedAt })
    .from(discrepancies)
    .where(and(eq(discrepancies.status, "open"), lt(discrepancies.detectedAt, new Date(at)), providerOf))
    .orderBy(asc(discrepancies.detectedAt), asc(discrepancies.id))
    .limit(1);

  const figures: ReconKpis["figures"] = {
    ...(paired(now, then, await previousCovered(db, q)) as Omit<ReconKpis["figures"], "amountAtRiskMinor" | "oldestOpenAgeS">),
    amountAtRiskMinor: { value: risk?.amount ?? 0, previous: null },
    oldestOpenAgeS: { value: oldest ? Math.max(0, Math.round((at - oldest.createdAt.getTime()) / 1000)) : null, previous: null },
  };

  const by = byBucket(cur);
  const resolution = bucketsOf(q.from, q.to, q.bucket).map((t) => {
    const b = by.get(t.getTime()) ?? [];
    return { t, auto: sum(b, (r) => r.discrepanciesAuto), manual: sum(b, (r) => r.discrepanciesManual) };
  });
  const byTypeRisk = (await readHourCounts(db, scopeOf(q), "discrepancy", q.from, q.to))
    .map((c) => {
      const [type, risk] = c.key.split(":") as [DiscrepancyType, RiskLevel];
      return { type, risk, count: c.count, amountMinor: c.amountMinor };
    })
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type) || a.risk.localeCompare(b.risk));

  return { figures, matchRate: days, byTypeRisk, resolution, oldestOpen: oldest ?? null };
}
