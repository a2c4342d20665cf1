import "server-only";
import type { Db } from "@/db/client";
import { getEnv } from "@/server/env";
import { defineJob } from "@/server/jobs/types";
import { ensureSchedule } from "@/server/jobs/schedules";
import { flagUnfulfilledOrders, openExpiredWaiting } from "./pending-review";

export const PENDING_REVIEW_SCHEDULE = { name: "recon.pending-review", intervalMs: 60_000 };

/** Every minute: paid-but-unfulfilled orders past FULFIL_SLA flagged for review; real-time items past their grace opened. */
export const pendingReviewJob = defineJob<{ schedule?: string }>({
  type: "recon.pending-review",
  retrySchedule: () => [],
  run: async ({ db }) => {
    const now = new Date();
    return { ...(await flagUnfulfilledOrders(db, getEnv(), now)), ...(await openExpiredWaiting(db, now)) };
  },
});

export async function ensurePendingReviewSchedule(db: Db): Promise<void> {
  await ensureSchedule(db, PENDING_REVIEW_SCHEDULE.name, pendingReviewJob.type, PENDING_REVIEW_SCHEDULE.intervalMs);
}
