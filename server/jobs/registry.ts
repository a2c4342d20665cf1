import "server-only";
import { deliverAlertsJob } from "@/server/alerts/deliver-job";
import { metricsAlertsJob } from "@/server/alerts/metrics-alerts-job";
import { pruneSignInRecordsJob } from "@/server/auth/prune-sign-in-records";
import { purgeRejectedMessagesJob } from "@/server/callbacks/purge-rejected-messages";
import { fulfilmentJob } from "@/server/fulfilment/fulfilment-job";
import { statusQueryJob } from "@/server/janitor/status-query-job";
import type { JobDefinition, JobRegistry } from "./types";

const all: JobDefinition<never>[] = [
  fulfilmentJob as JobDefinition<never>, statusQueryJob as JobDefinition<never>, purgeRejectedMessagesJob as JobDefinition<never>,
  pruneSignInRecordsJob as JobDefinition<never>, metricsAlertsJob as JobDefinition<never>, deliverAlertsJob as JobDefinition<never>,
];

/** Every job type of the portal. Workers, the cron tick and tests run from this one map. */
export const jobRegistry: JobRegistry = new Map(all.map((d) => [d.type, d]));
