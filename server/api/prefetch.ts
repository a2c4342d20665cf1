import "server-only";
import { randomUUID } from "node:crypto";
import { dehydrate, HydrationBoundary, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { createElement, type ReactElement, type ReactNode } from "react";
import superjson from "superjson";
import type { SignedInUser } from "@/server/auth/sign-in";
import { appRouter, type AppRouter } from "./root";

/** What a page prefetches: start its queries (prefetchQuery / prefetchInfiniteQuery) and await them. */
export type PrefetchRun = (trpc: TRPCOptionsProxy<AppRouter>, client: QueryClient) => Promise<unknown>;

/**
 * Runs queries in-process for a server component (no HTTP round trip, same procedures and permission
 * checks as the client) and returns state for <HydrationBoundary>, so the page arrives with its data.
 * Failed queries (forbidden, not found, database down) are left out; the client fetches them again and
 * shows the error state itself. The staleTime matches the browser's QueryClient
 * (components/providers/trpc.tsx) so hydrated data is not fetched again on mount.
 */
export async function prefetch(user: SignedInUser, run: PrefetchRun): Promise<DehydratedState> {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } });
  const trpc = createTRPCOptionsProxy<AppRouter>({ router: appRouter, ctx: { user, requestId: randomUUID() }, queryClient });
  await run(trpc, queryClient);
  return dehydrate(queryClient, { serializeData: superjson.serialize });
}

/**
 * The one way a console page prefetches: wrap the page's client view in it.
 *
 *   <Prefetched user={user} run={(trpc, qc) => qc.prefetchQuery(trpc.job.get.queryOptions({ id }))}>
 *     <JobDetailView id={id} />
 *   </Prefetched>
 *
 * The inputs given here must equal the client's exactly, or the client misses the cache and fetches.
 * server/api/prefetch.test.ts fails for a console page that does not use it.
 */
export async function Prefetched({ user, run, children }: { user: SignedInUser; run: PrefetchRun; children: ReactNode }): Promise<ReactElement> {
  return createElement(HydrationBoundary, { state: await prefetch(user, run) }, children);
}
