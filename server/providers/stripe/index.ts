import "server-only";
import type { ProviderAdapter } from "../types";
import { queryStripe } from "./query";
import { replyStripe } from "./reply";
import { verifyStripe } from "./verify";

export const stripeAdapter: ProviderAdapter = {
  name: "stripe",
  verify: verifyStripe,
  reply: replyStripe,
  query: queryStripe,
};
