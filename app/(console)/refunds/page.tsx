import { providerParam } from "@/lib/enums";
import { parseListRange } from "@/lib/list-range";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { refundTab, refundsInput } from "./_components/refunds-input";
import { RefundsView } from "./_components/refunds-view";

export default async function RefundsPage({ searchParams }: { searchParams: Promise<{ tab?: string; from?: string; to?: string; provider?: string }> }) {
  const user = await requirePermission("refund.read");
  const params = await searchParams;
  const tab = params.tab;
  // ?from=&to=: the KPI dashboard's drill-down narrows the list to the bucket (or range) that was clicked.
  const range = parseListRange(params);
  // ?provider=: the dashboard filtered to one provider; the view reads it from the URL too.
  const provider = providerParam(params.provider);
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.refund.list.queryOptions(refundsInput({ queue: refundTab(tab), range, provider })))}>
      <RefundsView canApprove={can(user, "refund.approve")} initialTab={tab} />
    </Prefetched>
  );
}
