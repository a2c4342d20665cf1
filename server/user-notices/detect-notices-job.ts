import "server-only";
import type { Db } from "@/db/client";
import { ensureSchedule } from "@/server/jobs/schedules";
import { defineJob } from "@/server/jobs/types";
import { createNotices, type CreateResult } from "./create-notices";
import { detectAffectedUsers, detectFollowUps } from "./detect-affected-users";
import { getNoticeSettings } from "./get-notice-settings";

export const DETECT_NOTICES_SCHEDULE = { name: "user-notices.detect", intervalMs: 60 * 1000 };

/** One detection pass: new affected users get their notice, fixed orders their follow-up. */
export async function runNoticeDetection(db: Db, now = new Date()): Promise<{ initial: CreateResult; followUp: CreateResult } | { disabled: true }> {
  const settings = await getNoticeSettings(db);
  if (!settings.autoDetect) return { disabled: true };
  const initial = await createNotices(db, await detectAffectedUsers(db, { now, noticeAfterMs: settings.noticeAfterMs }), { createdBy: "detection", now });
  const followUp = await createNotices(db, await detectFollowUps(db), { createdBy: "detection", now });
  return { initial, followUp };
}

/** Every minute (the schedule's slot is the dedupe key: two workers run it once). */
export const detectNoticesJob = defineJob<{ schedule?: string }>({
  type: "user-notices.detect",
  retrySchedule: () => [],
  run: async ({ db }) => {
    const r = await runNoticeDetection(db);
    return "disabled" in r ? { disabled: true } : { created: r.initial.created, followUps: r.followUp.created };
  },
});

/** Registered with the other schedules (server/jobs/portal-schedules.ts). */
export async function ensureUserNoticeSchedule(db: Db): Promise<void> {
  await ensureSchedule(db, DETECT_NOTICES_SCHEDULE.name, detectNoticesJob.type, DETECT_NOTICES_SCHEDULE.intervalMs);
}
