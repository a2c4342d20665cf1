import { providerParam } from "@/lib/enums";
import { parseListRange } from "@/lib/list-range";
import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { callbacksInput } from "./callbacks-input";
import { CallbacksView } from "./callbacks-view";

export default async function CallbacksPage({ searchParams }: { searchParams: Promise<{ provider?: string; from?: string; to?: string }> }) {
  const user = await requirePermission("callback.read");
  const params = await searchParams;
  // ?provider=&from=&to=: the KPI dashboard's drill-down opens one provider's problem callbacks of the bucket clicked.
  const provider = providerParam(params.provider);
  const range = parseListRange(params);
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.callback.list.queryOptions(callbacksInput({ provider, range })))}>
      <CallbacksView initialProvider={provider} />
    </Prefetched>
  );
}
