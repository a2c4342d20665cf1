import { getNow } from "next-intl/server";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { getEnv } from "@/server/env";
import { importsInput, reconParams, summaryInput, yesterdayIn } from "./_components/recon-input";
import { ReconciliationView } from "./_components/reconciliation-view";

export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<{ date?: string; provider?: string }> }) {
  const user = await requirePermission("discrepancy.read");
  const { date, provider } = reconParams(await searchParams, yesterdayIn(getEnv().BUSINESS_TIMEZONE, await getNow()));
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([client.prefetchQuery(trpc.recon.summary.queryOptions(summaryInput({ date, provider }))), client.prefetchQuery(trpc.recon.imports.queryOptions(importsInput({ provider })))])
      }
    >
      <ReconciliationView date={date} provider={provider} canImport={can(user, "recon.import")} />
    </Prefetched>
  );
}
