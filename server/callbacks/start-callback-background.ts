import "server-only";
import type { Db } from "@/db/client";
import { getEnv } from "@/server/env";
import { ensureSchedule } from "@/server/jobs/schedules";
import { startInboxApplier, type InboxApplier } from "./inbox-applier";
import { PURGE_REJECTED_SCHEDULE, purgeRejectedMessagesJob } from "./purge-rejected-messages";

/** The callbacks' recurring work, registered in the schedules table (idempotent; every runner calls it). */
export function ensureCallbackSchedules(db: Db): Promise<void> {
  return ensureSchedule(db, PURGE_REJECTED_SCHEDULE.name, purgeRejectedMessagesJob.type, PURGE_REJECTED_SCHEDULE.intervalMs);
}

/** `npm run worker`: an applier of its own that polls the inbox (web processes kick theirs directly). */
export async function startWorkerInboxApplier(db: Db): Promise<InboxApplier> {
  await ensureCallbackSchedules(db);
  return startInboxApplier(db, { pollMs: getEnv().CALLBACK_APPLY_POLL_INTERVAL, name: "worker" });
}
