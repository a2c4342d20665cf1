import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { callbacksInput } from "./callbacks-input";
import { CallbacksView } from "./callbacks-view";

export default async function CallbacksPage() {
  const user = await requirePermission("callback.read");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.callback.list.queryOptions(callbacksInput({})))}>
      <CallbacksView />
    </Prefetched>
  );
}
