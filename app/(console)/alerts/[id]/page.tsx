import { notFound } from "next/navigation";
import { OpenTicketButton } from "@/components/tickets/open-ticket-button";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { AlertDetailView } from "./alert-detail-view";

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("alert.read");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.alert.get.queryOptions({ id: Number(id) }))}>
      <AlertDetailView id={Number(id)} canAcknowledge={can(user, "alert.acknowledge")} canOpenIncident={can(user, "incident.manage")} />
      {can(user, "ticket.update") && (
        <div className="mt-4 flex justify-end">
          <OpenTicketButton kind="alert" id={Number(id)} what={`#${id}`} />
        </div>
      )}
    </Prefetched>
  );
}
