import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports, type ReportRow } from "@/db/schema";
import type { ReportKind } from "@/lib/reports";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { collectReportData } from "./collect-report-data";
import { lastCompletePeriod, periodOf } from "./report-period";

export interface GenerateReportInput {
  kind: ReportKind;
  /** First business day of the period (a Monday / the 1st); default: the last complete period at `now`. */
  periodStart?: string;
  now: Date;
  /** Who generated it: the signed-in user, or the schedule (systemActor("schedule")). */
  by: Actor;
}

/**
 * Takes the report's snapshot and stores it: one row per (kind, period start); generating again replaces the
 * snapshot (and its generated-at/by) in place, so links to the report keep working. Audited in the same transaction.
 */
export async function generateReport(db: Db, input: GenerateReportInput): Promise<ReportRow> {
  const tz = getEnv().BUSINESS_TIMEZONE;
  const period = input.periodStart ? periodOf(input.kind, input.periodStart, tz) : lastCompletePeriod(input.kind, input.now, tz);
  const data = await collectReportData(db, period, input.now, tz);
  const generatedBy = input.by.label;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reports)
      .values({ kind: input.kind, periodStart: period.start, periodEnd: period.end, generatedAt: input.now, generatedBy, data })
      .onConflictDoUpdate({
        target: [reports.kind, reports.periodStart],
        set: { periodEnd: period.end, generatedAt: input.now, generatedBy, data, updatedAt: sql`now()` },
      })
      .returning();
    await writeAudit(tx, input.by, {
      action: "report.generate",
      entityType: "report",
      entityId: String(row!.id),
      after: { kind: input.kind, periodStart: period.start, periodEnd: period.end, suggestions: data.suggestions.length },
    });
    return row!;
  });
}
