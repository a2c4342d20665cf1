import { HydrationBoundary } from "@tanstack/react-query";
import { prefetch } from "@/server/api/prefetch";
import { requirePage } from "@/server/auth/require-user";
import { ordersInput } from "./_components/orders-input";
import { OrdersView } from "./_components/orders-view";

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const user = await requirePage("/orders");
  const q = ((await searchParams).q ?? "").trim();
  const state = await prefetch(user, (trpc, client) => client.prefetchQuery(trpc.order.search.queryOptions(ordersInput({ q }))));
  return (
    <HydrationBoundary state={state}>
      <OrdersView initialQuery={q} />
    </HydrationBoundary>
  );
}
