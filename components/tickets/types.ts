import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;

export type TicketListRow = Out["ticket"]["list"]["items"][number];
export type TicketDetail = Out["ticket"]["get"];
export type TicketEvent = TicketDetail["events"][number];
export type TicketSettingsData = Out["ticketSettings"]["get"];
