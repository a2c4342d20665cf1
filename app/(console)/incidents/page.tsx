import { incidentsInput, incidentTab } from "@/components/incidents/incidents-input";
import { IncidentsView } from "@/components/incidents/incidents-view";
import { providerParam } from "@/lib/enums";
import { parseListRange } from "@/lib/list-range";
import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("incident.read");
  const params = await searchParams;
  const status = typeof params.status === "string" ? params.status : undefined;
  // ?from=&to=: the KPI dashboard's drill-down (incidents opened in that window); the view reads it from the URL too.
  const range = parseListRange(params);
  // ?provider=: that provider's incidents and the platform-wide ones (the dashboard filtered to one provider).
  const provider = providerParam(params.provider);
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.incident.list.queryOptions(incidentsInput({ status: incidentTab(status), range, provider })))}>
      <IncidentsView initialStatus={status} />
    </Prefetched>
  );
}
