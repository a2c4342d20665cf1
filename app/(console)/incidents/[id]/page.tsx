import { notFound } from "next/navigation";
import { IncidentBriefPanel } from "@/components/desk/incident-brief-panel";
import { LinkedArticles } from "@/components/kb/linked-articles";
import { IncidentReviewLink } from "@/components/reviews/incident-review-link";
import { OpenTicketButton } from "@/components/tickets/open-ticket-button";
import { NotifyAffectedUsers } from "@/components/user-notices/notify-affected-users";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { IncidentDetailView } from "./incident-detail-view";

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("incident.read");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.incident.get.queryOptions({ id: Number(id) }))}>
      <IncidentDetailView id={Number(id)} me={user.email} canManage={can(user, "incident.manage")} canAcknowledge={can(user, "alert.acknowledge")} canPublish={can(user, "status.publish")} />
      {can(user, "review.read") && <IncidentReviewLink incidentId={Number(id)} />}
      {can(user, "ticket.update") && (
        <div className="mt-4 flex justify-end">
          <OpenTicketButton kind="incident" id={Number(id)} what={`#${id}`} />
        </div>
      )}
      {can(user, "notice.manage") && <NotifyAffectedUsers incidentId={Number(id)} />}
      <IncidentBriefPanel incidentId={Number(id)} canWrite={can(user, "brief.write")} />
      <LinkedArticles target={{ kind: "incident", id: Number(id) }} />
    </Prefetched>
  );
}
