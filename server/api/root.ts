import "server-only";
import { auditRouter } from "./routers/audit";
import { callbackRouter } from "./routers/callback";
import { discrepancyRouter } from "./routers/discrepancy";
import { jobRouter } from "./routers/job";
import { meRouter } from "./routers/me";
import { opsRouter } from "./routers/ops";
import { orderRouter } from "./routers/order";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me: meRouter,
  order: orderRouter,
  job: jobRouter,
  callback: callbackRouter,
  discrepancy: discrepancyRouter,
  audit: auditRouter,
  ops: opsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
