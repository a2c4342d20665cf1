import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportDeliveries, reports } from "@/db/schema";
import { REPORT_KINDS, type ReportKind } from "@/lib/reports";
import { systemActor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { defineJob } from "@/server/jobs/types";
import { ensureSchedule } from "@/server/jobs/schedules";
import { deliverReport } from "./deliver-report";
import { generateReport } from "./generate-report";
import { scheduledPeriodDue } from "./report-period";

/** Checked every 15 minutes; the report is due once Monday 09:00 (weekly) / the 1st 09:00 (monthly) business time has passed. */
export const REPORT_SCHEDULE = { name: "reports.due", intervalMs: 15 * 60_000 };

/**
 * The schedule's work: for each kind, the period whose report is due at `now`. A missing report is generated
 * ("system:schedule"); a due report nobody has been mailed yet is e-mailed to the subscribers. A report a
 * manager generated early on demand is kept as is and still mailed. Idempotent: the next tick finds both done.
 */
export async function runDueReports(db: Db, now: Date): Promise<Record<ReportKind, { reportId: number; generated: boolean; mailed: boolean }>> {
  const tz = getEnv().BUSINESS_TIMEZONE;
  const out = {} as Record<ReportKind, { reportId: number; generated: boolean; mailed: boolean }>;
  for (const kind of REPORT_KINDS) {
    const period = scheduledPeriodDue(kind, now, tz);
    let [row] = await db.select({ id: reports.id }).from(reports).where(and(eq(reports.kind, kind), eq(reports.periodStart, period.start)));
    const generated = !row;
    if (!row) row = await generateReport(db, { kind, periodStart: period.start, now, by: systemActor("schedule") });
    const [delivered] = await db.select({ n: sql<number>`count(*)::int` }).from(reportDeliveries).where(eq(reportDeliveries.reportId, row.id));
    const mailed = (delivered?.n ?? 0) === 0;
    if (mailed) await deliverReport(db, row.id, now);
    out[kind] = { reportId: row.id, generated, mailed };
  }
  return out;
}

export const reportsDueJob = defineJob<{ schedule?: string }>({
  type: "reports.due",
  retrySchedule: () => [],
  run: async ({ db }) => runDueReports(db, new Date()),
});

export async function ensureReportSchedule(db: Db): Promise<void> {
  await ensureSchedule(db, REPORT_SCHEDULE.name, reportsDueJob.type, REPORT_SCHEDULE.intervalMs);
}
