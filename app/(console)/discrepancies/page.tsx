import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { discrepanciesInput } from "./discrepancies-input";
import { DiscrepanciesView } from "./discrepancies-view";

export default async function DiscrepanciesPage() {
  const user = await requirePermission("discrepancy.read");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.discrepancy.list.queryOptions(discrepanciesInput({})))}>
      <DiscrepanciesView canOpenTicket={can(user, "ticket.update")} />
    </Prefetched>
  );
}
