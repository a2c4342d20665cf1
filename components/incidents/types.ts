import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;

export type IncidentRow = Out["incident"]["list"]["items"][number];
export type IncidentDetail = Out["incident"]["get"];
export type TimelineEntry = IncidentDetail["timeline"][number];
