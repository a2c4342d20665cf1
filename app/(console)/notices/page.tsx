import { noticesInput, noticeTab } from "@/components/status/notices-input";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { NoticesView } from "./_components/notices-view";

export default async function NoticesPage({ searchParams }: { searchParams: Promise<{ filter?: string }> }) {
  const user = await requirePermission("status.read");
  const { filter } = await searchParams;
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([client.prefetchQuery(trpc.status.overview.queryOptions({})), client.prefetchQuery(trpc.status.list.queryOptions(noticesInput({ filter: noticeTab(filter) })))])
      }
    >
      <NoticesView initialFilter={filter} canPublish={can(user, "status.publish")} />
    </Prefetched>
  );
}
