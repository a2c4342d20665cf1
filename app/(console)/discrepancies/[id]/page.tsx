import { notFound } from "next/navigation";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { DiscrepancyDetailView } from "./discrepancy-detail-view";

export default async function DiscrepancyPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("discrepancy.read");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.discrepancy.get.queryOptions({ id: Number(id) }))}>
      <DiscrepancyDetailView id={Number(id)} canResolve={can(user, "recon.resolve")} canTicket={can(user, "ticket.update")} />
    </Prefetched>
  );
}
