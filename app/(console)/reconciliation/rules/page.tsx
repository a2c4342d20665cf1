import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { RulesView } from "./rules-view";

export default async function ReconRulesPage() {
  const user = await requirePermission("discrepancy.read");
  return (
    <Prefetched user={user} run={(trpc, client) => Promise.all([client.prefetchQuery(trpc.reconRules.list.queryOptions()), client.prefetchQuery(trpc.recon.mappings.queryOptions())])}>
      <RulesView canConfigure={can(user, "recon.configure")} canRun={can(user, "recon.resolve")} />
    </Prefetched>
  );
}
