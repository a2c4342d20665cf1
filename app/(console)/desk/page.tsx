import { MY_TICKETS_INPUT } from "@/components/desk/desk-inputs";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { DeskView } from "./_components/desk-view";

export default async function DeskPage() {
  const user = await requirePermission("brief.confirm");
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([
          client.prefetchQuery(trpc.brief.active.queryOptions({})),
          can(user, "ticket.read") ? client.prefetchQuery(trpc.ticket.list.queryOptions(MY_TICKETS_INPUT)) : Promise.resolve(),
        ])
      }
    >
      <DeskView canSeeTickets={can(user, "ticket.read")} canApprove={can(user, "refund.approve")} />
    </Prefetched>
  );
}
