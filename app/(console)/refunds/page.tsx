import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { refundTab, refundsInput } from "./_components/refunds-input";
import { RefundsView } from "./_components/refunds-view";

export default async function RefundsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const user = await requirePermission("refund.read");
  const { tab } = await searchParams;
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.refund.list.queryOptions(refundsInput({ queue: refundTab(tab) })))}>
      <RefundsView canApprove={can(user, "refund.approve")} initialTab={tab} />
    </Prefetched>
  );
}
