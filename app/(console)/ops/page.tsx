import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { HealthView } from "./health-view";

export default async function OpsPage() {
  const user = await requirePermission("ops.read");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.ops.health.queryOptions())}>
      <HealthView />
    </Prefetched>
  );
}
