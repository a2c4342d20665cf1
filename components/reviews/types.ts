import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;

export type ReviewRow = Out["review"]["list"]["items"][number];
export type ReviewDetail = Out["review"]["get"];
export type ActionItemRow = Out["review"]["listActionItems"][number];
