import "server-only";
import { randomUUID } from "node:crypto";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import type { SignedInUser } from "@/server/auth/sign-in";
import { appRouter, type AppRouter } from "./root";

/**
 * Runs queries in-process for a server component (no HTTP round trip, same procedures and role checks as
 * the client) and returns state for <HydrationBoundary>, so the page arrives with its data.
 * Failed queries are left out; the client fetches them again and shows the error state itself.
 */
export async function prefetch(user: SignedInUser, run: (trpc: TRPCOptionsProxy<AppRouter>, client: QueryClient) => Promise<unknown>): Promise<DehydratedState> {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } });
  const trpc = createTRPCOptionsProxy<AppRouter>({ router: appRouter, ctx: { user, requestId: randomUUID() }, queryClient });
  await run(trpc, queryClient);
  return dehydrate(queryClient, { serializeData: superjson.serialize });
}
