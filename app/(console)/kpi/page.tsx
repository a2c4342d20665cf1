import { getNow } from "next-intl/server";
import { KpiDashboard } from "@/components/kpi/kpi-dashboard";
import { dayIn, kpiInput, kpiParams } from "@/components/kpi/kpi-params";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { getEnv } from "@/server/env";

export default async function KpiPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("kpi.read");
  const timeZone = getEnv().BUSINESS_TIMEZONE;
  const params = kpiParams(await searchParams, dayIn(timeZone, await getNow()));
  const input = kpiInput(params, timeZone);
  const access = {
    orders: can(user, "order.read"),
    callbacks: can(user, "callback.read"),
    tickets: can(user, "ticket.read"),
    refunds: can(user, "refund.read"),
    discrepancies: can(user, "discrepancy.read"),
    incidents: can(user, "incident.read"),
    notices: can(user, "notice.read"),
  };
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([
          client.prefetchQuery(trpc.kpi.payments.queryOptions(input)),
          client.prefetchQuery(trpc.kpi.service.queryOptions(input)),
          client.prefetchQuery(trpc.kpi.recon.queryOptions(input)),
          client.prefetchQuery(trpc.kpi.incidents.queryOptions(input)),
        ])
      }
    >
      <KpiDashboard params={params} access={access} />
    </Prefetched>
  );
}
