import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;

export type StatusOverview = Out["status"]["overview"];
export type ComponentView = StatusOverview["components"][number];
export type NoticeView = Out["status"]["list"]["items"][number];
export type NoticeDetail = Out["status"]["get"];
export type StatusTemplate = Out["status"]["templates"][number];

/** The public banner (GET /api/status `banner`, or bannerFor(locale) on the server): strings in one locale. */
export interface PublicBanner {
  id: number | string;
  severity: "info" | "warning" | "critical";
  title: string;
  body: string;
  updatedAt: string | Date;
  url: string;
}
