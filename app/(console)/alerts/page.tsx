import { alertSeverity, alertsInput, alertTab } from "@/components/alerts/alerts-input";
import { AlertsView } from "@/components/alerts/alerts-view";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ status?: string; provider?: string; severity?: string }> }) {
  const user = await requirePermission("alert.read");
  const initial = await searchParams;
  const input = alertsInput({ status: alertTab(initial.status), provider: initial.provider, severity: alertSeverity(initial.severity) });
  return (
    <Prefetched
      user={user}
      run={(trpc, client) => Promise.all([client.prefetchQuery(trpc.alert.list.queryOptions(input)), client.prefetchQuery(trpc.alert.counts.queryOptions())])}
    >
      <AlertsView canAcknowledge={can(user, "alert.acknowledge")} initial={initial} />
    </Prefetched>
  );
}
