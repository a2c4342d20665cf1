import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { ordersInput } from "./_components/orders-input";
import { OrdersView } from "./_components/orders-view";

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const user = await requirePermission("order.read");
  const q = ((await searchParams).q ?? "").trim();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.order.search.queryOptions(ordersInput({ q })))}>
      <OrdersView initialQuery={q} />
    </Prefetched>
  );
}
