import { providerParam } from "@/lib/enums";
import { parseListRange } from "@/lib/list-range";
import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { ordersInput } from "./_components/orders-input";
import { OrdersView } from "./_components/orders-view";

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ q?: string; review?: string; provider?: string; from?: string; to?: string }> }) {
  const user = await requirePermission("order.read");
  const params = await searchParams;
  const q = (params.q ?? "").trim();
  // ?review=1: the reconciliation summary's "pending review" link opens the list filtered to orders needing review.
  const needsReview = params.review === "1";
  // ?provider=: the KPI dashboard's drill-down opens the list of one provider's orders.
  const provider = providerParam(params.provider);
  // ?from=&to=: the dashboard's drill-down narrows the list to the bucket (or range) that was clicked.
  const range = parseListRange(params);
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.order.search.queryOptions(ordersInput({ q, needsReview, provider, range })))}>
      <OrdersView initialQuery={q} initialNeedsReview={needsReview} initialProvider={provider} />
    </Prefetched>
  );
}
