import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { CustomersView } from "./_components/customers-view";

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const user = await requirePermission("customer.read");
  const q = ((await searchParams).q ?? "").trim().slice(0, 128);
  return (
    <Prefetched user={user} run={(trpc, client) => (q ? client.prefetchQuery(trpc.customer.find.queryOptions({ q })) : Promise.resolve())}>
      <CustomersView
        initialQuery={q}
        can={{
          reveal: can(user, "customer.reveal"),
          queryNow: can(user, "order.query_provider"),
          resend: can(user, "order.resend_fulfilment"),
          ticket: can(user, "ticket.update"),
          refund: can(user, "refund.read"),
        }}
      />
    </Prefetched>
  );
}
