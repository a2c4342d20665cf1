import "server-only";
import type { Db } from "@/db/client";
import { ensureAlertingSetup } from "@/server/alerts/metrics-alerts-job";
import { PRUNE_SIGN_IN_SCHEDULE, pruneSignInRecordsJob } from "@/server/auth/prune-sign-in-records";
import { getEnv } from "@/server/env";
import { ensureSchedule } from "@/server/jobs/schedules";
import { startInboxApplier, type InboxApplier } from "./inbox-applier";
import { PURGE_REJECTED_SCHEDULE, purgeRejectedMessagesJob } from "./purge-rejected-messages";

/**
 * The portal's housekeeping schedules (rejected-message retention, sign-in throttle pruning), registered in
 * the schedules table; idempotent, every runner (in-process worker, `npm run worker`, cron tick) calls it.
 */
export async function ensureCallbackSchedules(db: Db): Promise<void> {
  await ensureSchedule(db, PURGE_REJECTED_SCHEDULE.name, purgeRejectedMessagesJob.type, PURGE_REJECTED_SCHEDULE.intervalMs);
  await ensureSchedule(db, PRUNE_SIGN_IN_SCHEDULE.name, pruneSignInRecordsJob.type, PRUNE_SIGN_IN_SCHEDULE.intervalMs);
  // Business metrics rollup + alert evaluation every minute, and the default alert rules (issue 8).
  await ensureAlertingSetup(db);
}

/** `npm run worker`: an applier of its own that polls the inbox (web processes kick theirs directly). */
export async function startWorkerInboxApplier(db: Db): Promise<InboxApplier> {
  await ensureCallbackSchedules(db);
  return startInboxApplier(db, { pollMs: getEnv().CALLBACK_APPLY_POLL_INTERVAL, name: "worker" });
}
