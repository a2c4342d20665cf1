import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { deliveriesInput } from "./_components/channels-input";
import { ChannelsView } from "./_components/channels-view";

export default async function AlertChannelsPage() {
  const user = await requirePermission("alert.manage");
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([
          client.prefetchQuery(trpc.alertChannel.channelStatus.queryOptions({})),
          client.prefetchQuery(trpc.alertChannel.contactList.queryOptions({})),
          client.prefetchQuery(trpc.alertChannel.routeList.queryOptions({})),
          client.prefetchQuery(trpc.alertChannel.deliveryList.queryOptions(deliveriesInput({}))),
        ])
      }
    >
      <ChannelsView />
    </Prefetched>
  );
}
