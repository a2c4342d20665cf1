import { parseListRange } from "@/lib/list-range";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { noticeDeliveriesInput } from "./_components/user-notices-input";
import { UserNoticesView } from "./_components/user-notices-view";

export default async function UserNoticesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("notice.read");
  // ?from=&to=: the KPI dashboard's drill-down (deliveries created in that window); the log reads it from the URL too.
  const range = parseListRange(await searchParams);
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([
          client.prefetchQuery(trpc.userNotice.deliveryList.queryOptions(noticeDeliveriesInput({ range }))),
          client.prefetchQuery(trpc.userNotice.templates.queryOptions()),
          client.prefetchQuery(trpc.userNotice.settings.queryOptions()),
          client.prefetchQuery(trpc.userNotice.optOutList.queryOptions()),
        ])
      }
    >
      <UserNoticesView canManage={can(user, "notice.manage")} />
    </Prefetched>
  );
}
