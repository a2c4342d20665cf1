import "server-only";
import type { Db } from "@/db/client";
import { ensureSchedule } from "@/server/jobs/schedules";
import { defineJob } from "@/server/jobs/types";
import { rollupKpis } from "@/server/kpi/rollup-kpis";
import { rollupMetrics } from "@/server/metrics/rollup-metrics";
import { DELIVER_ALERTS_SCHEDULE, deliverAlertsJob } from "./deliver-job";
import { seedDefaultRoutes } from "./deliver-routes";
import { evaluateAlerts } from "./evaluate-alerts";
import { seedDefaultRules } from "./seed-default-rules";

export const METRICS_ALERTS_SCHEDULE = { name: "metrics.rollup-and-alerts", intervalMs: 60 * 1000 };

/** Every minute: the rollup of the last minutes, then rule evaluation over what it wrote. */
export const metricsAlertsJob = defineJob<{ schedule?: string }>({
  type: "metrics.rollup-and-alerts",
  retrySchedule: () => [],
  run: async ({ db }) => {
    const rollup = await rollupMetrics(db);
    await rollupKpis(db);
    const evaluation = await evaluateAlerts(db);
    return { rollupRows: rollup.rows, ...evaluation };
  },
});

/** Registered with the other schedules (server/jobs/portal-schedules.ts). */
export async function ensureAlertingSetup(db: Db): Promise<void> {
  await seedDefaultRules(db);
  await ensureSchedule(db, METRICS_ALERTS_SCHEDULE.name, metricsAlertsJob.type, METRICS_ALERTS_SCHEDULE.intervalMs);
  await seedDefaultRoutes(db);
  await ensureSchedule(db, DELIVER_ALERTS_SCHEDULE.name, deliverAlertsJob.type, DELIVER_ALERTS_SCHEDULE.intervalMs);
}
