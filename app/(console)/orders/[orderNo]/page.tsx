import { RefundAction } from "@/components/refunds/refund-action";
import { OrderRefunds } from "@/components/refunds/refund-list";
import { OrderTickets } from "@/components/tickets/order-tickets";
import { OrderNotices } from "@/components/user-notices/order-notices";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { OrderDetailView } from "./_components/order-detail-view";

export default async function OrderPage({ params }: { params: Promise<{ orderNo: string }> }) {
  const user = await requirePermission("order.read");
  const orderNo = decodeURIComponent((await params).orderNo);
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([
          client.prefetchQuery(trpc.order.get.queryOptions({ orderNo })),
          // the notices sent and the tickets of this order arrive with the page too
          can(user, "notice.read") && client.prefetchQuery(trpc.userNotice.forOrder.queryOptions({ orderNo })),
          can(user, "ticket.read") && client.prefetchQuery(trpc.ticket.forOrder.queryOptions({ orderNo })),
          can(user, "refund.read") && client.prefetchQuery(trpc.refund.forOrder.queryOptions({ orderNo })),
        ])
      }
    >
      <OrderDetailView orderNo={orderNo} canQueryNow={can(user, "order.query_provider")} canReveal={can(user, "callback.reveal")} />
      {can(user, "notice.read") && <OrderNotices orderNo={orderNo} />}
      {can(user, "refund.read") && <OrderRefunds orderNo={orderNo} actions={<RefundAction orderNo={orderNo} />} />}
      {can(user, "ticket.read") && <OrderTickets orderNo={orderNo} />}
    </Prefetched>
  );
}
