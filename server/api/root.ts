import "server-only";
import { alertRouter } from "./routers/alert";
import { alertChannelRouter } from "./routers/alert-channel";
import { auditRouter } from "./routers/audit";
import { briefRouter } from "./routers/brief";
import { callbackRouter } from "./routers/callback";
import { customerRouter } from "./routers/customer";
import { discrepancyRouter } from "./routers/discrepancy";
import { incidentRouter } from "./routers/incident";
import { jobRouter } from "./routers/job";
import { kbRouter } from "./routers/kb";
import { kpiRouter } from "./routers/kpi";
import { reportRouter } from "./routers/report";
import { meRouter } from "./routers/me";
import { opsRouter } from "./routers/ops";
import { orderRouter } from "./routers/order";
import { reconRouter } from "./routers/recon";
import { reconRulesRouter } from "./routers/recon-rules";
import { refundRouter } from "./routers/refund";
import { reviewRouter } from "./routers/review";
import { scriptRouter } from "./routers/script";
import { statusRouter } from "./routers/status";
import { ticketRouter } from "./routers/ticket";
import { ticketSettingsRouter } from "./routers/ticket-settings";
import { userNoticeRouter } from "./routers/user-notice";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me: meRouter,
  order: orderRouter,
  refund: refundRouter,
  job: jobRouter,
  callback: callbackRouter,
  discrepancy: discrepancyRouter,
  audit: auditRouter,
  ops: opsRouter,
  alert: alertRouter,
  incident: incidentRouter,
  alertChannel: alertChannelRouter,
  userNotice: userNoticeRouter,
  status: statusRouter,
  ticket: ticketRouter,
  ticketSettings: ticketSettingsRouter,
  brief: briefRouter,
  customer: customerRouter,
  script: scriptRouter,
  kb: kbRouter,
  reconRules: reconRulesRouter,
  recon: reconRouter,
  review: reviewRouter,
  kpi: kpiRouter,
  report: reportRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
