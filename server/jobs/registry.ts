import "server-only";
import { deliverAlertsJob } from "@/server/alerts/deliver-job";
import { metricsAlertsJob } from "@/server/alerts/metrics-alerts-job";
import { pruneSignInRecordsJob } from "@/server/auth/prune-sign-in-records";
import { purgeRejectedMessagesJob } from "@/server/callbacks/purge-rejected-messages";
import { fulfilmentJob } from "@/server/fulfilment/fulfilment-job";
import { statusQueryJob } from "@/server/janitor/status-query-job";
import { pendingReviewJob } from "@/server/recon/pending-review-job";
import { executeRefundJob } from "@/server/refunds/execute-refund";
import { pullDueJob, pullStatementJob } from "@/server/recon/pull-statement-job";
import { reportsDueJob } from "@/server/reports/report-schedule";
import { ticketSweepJob } from "@/server/tickets/sweep-tickets";
import { deliverNoticeJob } from "@/server/user-notices/deliver-notice-job";
import { detectNoticesJob } from "@/server/user-notices/detect-notices-job";
import { notifyIncidentUsersJob } from "@/server/user-notices/notify-incident-users";
import type { JobDefinition, JobRegistry } from "./types";

const all: JobDefinition<never>[] = [
  fulfilmentJob as JobDefinition<never>, statusQueryJob as JobDefinition<never>, purgeRejectedMessagesJob as JobDefinition<never>,
  pruneSignInRecordsJob as JobDefinition<never>, metricsAlertsJob as JobDefinition<never>, deliverAlertsJob as JobDefinition<never>,
  detectNoticesJob as JobDefinition<never>, deliverNoticeJob as JobDefinition<never>, notifyIncidentUsersJob as JobDefinition<never>,
  executeRefundJob as JobDefinition<never>, ticketSweepJob as JobDefinition<never>,
  pullStatementJob as JobDefinition<never>, pullDueJob as JobDefinition<never>,
  pendingReviewJob as JobDefinition<never>,
  reportsDueJob as JobDefinition<never>,
];

/** Every job type of the portal. Workers, the cron tick and tests run from this one map. */
export const jobRegistry: JobRegistry = new Map(all.map((d) => [d.type, d]));
