import { incidentsInput, incidentTab } from "@/components/incidents/incidents-input";
import { IncidentsView } from "@/components/incidents/incidents-view";
import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const user = await requirePermission("incident.read");
  const { status } = await searchParams;
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.incident.list.queryOptions(incidentsInput({ status: incidentTab(status) })))}>
      <IncidentsView initialStatus={status} />
    </Prefetched>
  );
}
