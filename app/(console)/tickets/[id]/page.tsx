import { notFound } from "next/navigation";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { TicketDetailView } from "./_components/ticket-detail-view";

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("ticket.read");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.ticket.get.queryOptions({ id: Number(id) }))}>
      <TicketDetailView id={Number(id)} canUpdate={can(user, "ticket.update")} canAssign={can(user, "ticket.assign")} />
    </Prefetched>
  );
}
