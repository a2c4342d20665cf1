import "server-only";
import { alertRouter } from "./routers/alert";
import { alertChannelRouter } from "./routers/alert-channel";
import { auditRouter } from "./routers/audit";
import { callbackRouter } from "./routers/callback";
import { discrepancyRouter } from "./routers/discrepancy";
import { incidentRouter } from "./routers/incident";
import { jobRouter } from "./routers/job";
import { meRouter } from "./routers/me";
import { opsRouter } from "./routers/ops";
import { orderRouter } from "./routers/order";
import { statusRouter } from "./routers/status";
import { ticketRouter } from "./routers/ticket";
import { userNoticeRouter } from "./routers/user-notice";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me: meRouter,
  order: orderRouter,
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
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
