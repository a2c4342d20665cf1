import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;

export type CustomerMatchView = Out["customer"]["find"]["people"][number];
export type CustomerOrderView = Out["customer"]["orders"]["items"][number];

/** What the signed-in user may do on the customer page (booleans from the server: the matrix stays there). */
export interface CustomerAbilities {
  reveal: boolean;
  queryNow: boolean;
  resend: boolean;
  ticket: boolean;
  refund: boolean;
}
