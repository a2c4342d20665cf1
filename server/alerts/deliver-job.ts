import "server-only";
import { defineJob } from "@/server/jobs/types";
import { deliverNotifications } from "./deliver-notifications";

/** Every 15 s: deliveries are retried at 30 s, 2 min, 10 min, so the worker must look more often than that. */
export const DELIVER_ALERTS_SCHEDULE = { name: "alerts.deliver", intervalMs: 15 * 1000 };

export const deliverAlertsJob = defineJob<{ schedule?: string }>({
  type: "alerts.deliver",
  // A failed run is simply the next run: every delivery carries its own retry state.
  retrySchedule: () => [],
  run: async ({ db }) => ({ ...(await deliverNotifications(db)) }),
});
