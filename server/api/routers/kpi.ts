import "server-only";
import { z } from "zod";
import { KPI_BUCKETS, KPI_MAX_HOURLY_RANGE_DAYS, KPI_MAX_RANGE_DAYS, type KpiQuery } from "@/lib/kpi";
import { getIncidentKpis } from "@/server/kpi/get-incident-kpis";
import { getPaymentKpis } from "@/server/kpi/get-payment-kpis";
import { getReconKpis } from "@/server/kpi/get-recon-kpis";
import { getServiceKpis } from "@/server/kpi/get-service-kpis";
import { procedureFor, router } from "../trpc";

const DAY_MS = 86_400_000;

/** [from, to): at most 92 days, hour buckets only up to 7 days (the chart would not read, and the query stays small). */
const kpiQuery = z
  .object({
    from: z.date(),
    to: z.date(),
    provider: z.string().min(1).max(32).nullable(),
    bucket: z.enum(KPI_BUCKETS),
  })
  .refine((q) => q.to.getTime() > q.from.getTime(), { message: "to must be after from", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= KPI_MAX_RANGE_DAYS * DAY_MS, { message: `range at most ${KPI_MAX_RANGE_DAYS} days`, path: ["from"] })
  .refine((q) => q.bucket === "day" || q.to.getTime() - q.from.getTime() <= KPI_MAX_HOURLY_RANGE_DAYS * DAY_MS, {
    message: `hour buckets for at most ${KPI_MAX_HOURLY_RANGE_DAYS} days`,
    path: ["bucket"],
  }) satisfies z.ZodType<KpiQuery>;

export const kpiRouter = router({
  payments: procedureFor("kpi.read")
    .input(kpiQuery)
    .query(({ ctx, input }) => getPaymentKpis(ctx.db, input)),
  service: procedureFor("kpi.read")
    .input(kpiQuery)
    .query(({ ctx, input }) => getServiceKpis(ctx.db, input)),
  recon: procedureFor("kpi.read")
    .input(kpiQuery)
    .query(({ ctx, input }) => getReconKpis(ctx.db, input)),
  incidents: procedureFor("kpi.read")
    .input(kpiQuery)
    .query(({ ctx, input }) => getIncidentKpis(ctx.db, input)),
});
