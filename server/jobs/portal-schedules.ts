import "server-only";
import type { Db } from "@/db/client";
import { ensureAlertingSetup } from "@/server/alerts/metrics-alerts-job";
import { PRUNE_SIGN_IN_SCHEDULE, pruneSignInRecordsJob } from "@/server/auth/prune-sign-in-records";
import { PURGE_REJECTED_SCHEDULE, purgeRejectedMessagesJob } from "@/server/callbacks/purge-rejected-messages";
import { ensurePendingReviewSchedule } from "@/server/recon/pending-review-job";
import { ensureReconPullSchedule } from "@/server/recon/pull-statement-job";
import { ensureReportSchedule } from "@/server/reports/report-schedule";
import { ensureTicketSweepSchedule } from "@/server/tickets/sweep-tickets";
import { ensureUserNoticeSchedule } from "@/server/user-notices/detect-notices-job";
import { ensureSchedule } from "./schedules";

/**
 * Every recurring job of the portal, registered in the schedules table next to the job registry that runs
 * them: rejected-message retention, sign-in record pruning, and the per-minute metrics rollup with alert
 * evaluation (plus the default alert rules). Idempotent; every runner calls it (in-process worker,
 * `npm run worker`, cron tick).
 */
export async function ensurePortalSchedules(db: Db): Promise<void> {
  await ensureSchedule(db, PURGE_REJECTED_SCHEDULE.name, purgeRejectedMessagesJob.type, PURGE_REJECTED_SCHEDULE.intervalMs);
  await ensureSchedule(db, PRUNE_SIGN_IN_SCHEDULE.name, pruneSignInRecordsJob.type, PRUNE_SIGN_IN_SCHEDULE.intervalMs);
  await ensureAlertingSetup(db);
  await ensureUserNoticeSchedule(db);
  await ensureTicketSweepSchedule(db);
  await ensurePendingReviewSchedule(db);
  await ensureReconPullSchedule(db);
  await ensureReportSchedule(db);
}
