import { NO_FILTERS, ticketsInput, ticketTab } from "@/components/tickets/tickets-input";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { TicketsView } from "./_components/tickets-view";

export default async function TicketsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const user = await requirePermission("ticket.read");
  const { status } = await searchParams;
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.ticket.list.queryOptions(ticketsInput({ status: ticketTab(status), filters: NO_FILTERS })))}>
      <TicketsView initialStatus={status} canUpdate={can(user, "ticket.update")} canAssign={can(user, "ticket.assign")} canConfigure={can(user, "ticket.configure")} />
    </Prefetched>
  );
}
