import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>["report"];
export type ReportListItem = Out["list"]["items"][number];
export type ReportDetail = Out["get"];
export type SubscriptionPerson = Out["subscriptions"]["people"][number];
