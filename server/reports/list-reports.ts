import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportDeliveries, reports } from "@/db/schema";
import { HEADLINE_FIGURES, type ReportFigure, type ReportKind } from "@/lib/reports";
import { keyset, type KeysetSort } from "@/server/lib/keyset";

// Dates as text sort like dates (YYYY-MM-DD); a few dozen rows a year, no index needed for the cast.
const SORT: KeysetSort = { name: "reports.period", keys: [{ expr: sql`${reports.periodStart}::text`, kind: "text" }, { expr: reports.id, kind: "bigint" }], direction: "desc" };

export interface ReportListItem {
  id: number;
  kind: ReportKind;
  periodStart: string;
  periodEnd: string;
  generatedAt: Date;
  generatedBy: string;
  headline: ReportFigure[];
  currency: string;
  incidents: number;
  suggestions: number;
  deliveries: { sent: number; failed: number; skipped: number };
}

export async function listReports(db: Db, input: { kind?: ReportKind; cursor?: string; limit?: number }): Promise<{ items: ReportListItem[]; nextCursor: string | null }> {
  const ks = keyset(SORT, input.cursor, input.limit ?? 20);
  const rows = await db
    .select({
      id: reports.id, kind: reports.kind, periodStart: reports.periodStart, periodEnd: reports.periodEnd, generatedAt: reports.generatedAt, generatedBy: reports.generatedBy,
      // Only the headline and the counts travel to the list, not the whole snapshot.
      figures: sql<ReportFigure[]>`coalesce((SELECT jsonb_agg(f) FROM jsonb_array_elements(${reports.data}->'figures') f WHERE f->>'key' IN (${sql.join(HEADLINE_FIGURES.map((k) => sql`${k}`), sql`, `)})), '[]'::jsonb)`,
      currency: sql<string>`${reports.data}->>'currency'`,
      incidents: sql<number>`jsonb_array_length(${reports.data}->'incidents')`,
      suggestions: sql<number>`jsonb_array_length(${reports.data}->'suggestions')`,
      ...ks.select,
    })
    .from(reports)
    .where(and(input.kind ? eq(reports.kind, input.kind) : undefined, ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  const ids = page.items.map((r) => r.id);
  const deliveries =
    ids.length === 0
      ? []
      : await db
          .select({ reportId: reportDeliveries.reportId, status: reportDeliveries.status, n: sql<number>`count(*)::int` })
          .from(reportDeliveries)
          .where(sql`${reportDeliveries.reportId} IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)
          .groupBy(reportDeliveries.reportId, reportDeliveries.status)
          .orderBy(desc(reportDeliveries.reportId));
  return {
    items: page.items.map(({ figures, ...r }) => ({
      ...r,
      headline: HEADLINE_FIGURES.flatMap((k) => figures.filter((f) => f.key === k)),
      incidents: Number(r.incidents),
      suggestions: Number(r.suggestions),
      deliveries: {
        sent: deliveries.find((d) => d.reportId === r.id && d.status === "sent")?.n ?? 0,
        failed: deliveries.find((d) => d.reportId === r.id && d.status === "failed")?.n ?? 0,
        skipped: deliveries.find((d) => d.reportId === r.id && d.status === "skipped")?.n ?? 0,
      },
    })),
    nextCursor: page.nextCursor,
  };
}
