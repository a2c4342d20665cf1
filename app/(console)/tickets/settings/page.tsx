import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { TicketSettingsView } from "./_components/ticket-settings-view";

export default async function TicketSettingsPage() {
  const user = await requirePermission("ticket.configure");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.ticketSettings.get.queryOptions({}))}>
      <TicketSettingsView />
    </Prefetched>
  );
}
