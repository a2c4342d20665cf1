import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;

export type AlertRow = Out["alert"]["list"]["items"][number];
export type AlertDetail = Out["alert"]["get"];
export type AlertImpactView = NonNullable<AlertRow["impact"]>;
