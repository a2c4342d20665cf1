import { HydrationBoundary } from "@tanstack/react-query";
import { prefetch } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePage } from "@/server/auth/require-user";
import { OrderDetailView } from "./_components/order-detail-view";

export default async function OrderPage({ params }: { params: Promise<{ orderNo: string }> }) {
  const user = await requirePage("/orders");
  const orderNo = decodeURIComponent((await params).orderNo);
  const state = await prefetch(user, (trpc, client) => client.prefetchQuery(trpc.order.get.queryOptions({ orderNo })));
  return (
    <HydrationBoundary state={state}>
      <OrderDetailView orderNo={orderNo} canQueryNow={can(user.role, "order.queryNow")} canReveal={can(user.role, "callback.reveal")} />
    </HydrationBoundary>
  );
}
