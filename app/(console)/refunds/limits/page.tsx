import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { RefundLimitsView } from "./_components/refund-limits-view";

export default async function RefundLimitsPage() {
  const user = await requirePermission("refund.configure");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.refund.limits.queryOptions())}>
      <RefundLimitsView />
    </Prefetched>
  );
}
