import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { RulesView } from "./rules-view";

export default async function ReconRulesPage({ searchParams }: { searchParams: Promise<{ rule?: string; enabled?: string; maxMinor?: string; maxAutoRefundMinor?: string }> }) {
  const user = await requirePermission("discrepancy.read");
  // A report suggestion opens one rule highlighted with its proposal (?rule=<key>&enabled=1 / &maxMinor=… / &maxAutoRefundMinor=…).
  const q = await searchParams;
  const limit = Number(q.maxMinor ?? q.maxAutoRefundMinor);
  const prefill = q.rule ? { key: q.rule, enabled: q.enabled === "1" ? true : undefined, limitMinor: Number.isSafeInteger(limit) && limit >= 0 ? limit : undefined } : undefined;
  return (
    <Prefetched user={user} run={(trpc, client) => Promise.all([client.prefetchQuery(trpc.reconRules.list.queryOptions()), client.prefetchQuery(trpc.recon.mappings.queryOptions())])}>
      <RulesView canConfigure={can(user, "recon.configure")} canRun={can(user, "recon.resolve")} prefill={prefill} />
    </Prefetched>
  );
}
