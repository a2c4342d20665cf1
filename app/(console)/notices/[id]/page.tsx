import { notFound } from "next/navigation";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { NoticeDetailView } from "../_components/notice-detail-view";

export default async function NoticePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("status.read");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.status.get.queryOptions({ id: Number(id) }))}>
      <NoticeDetailView id={Number(id)} canPublish={can(user, "status.publish")} />
    </Prefetched>
  );
}
