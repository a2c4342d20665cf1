import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { discrepanciesInput, filtersFromParams } from "./discrepancies-input";
import { DiscrepanciesView } from "./discrepancies-view";

export default async function DiscrepanciesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("discrepancy.read");
  const filters = filtersFromParams(await searchParams);
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.discrepancy.list.queryOptions(discrepanciesInput(filters)))}>
      <DiscrepanciesView initial={filters} canResolve={can(user, "recon.resolve")} canExport={can(user, "recon.export")} />
    </Prefetched>
  );
}
