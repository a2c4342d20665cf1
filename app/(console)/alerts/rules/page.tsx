import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { RULE_LIST_INPUT, rulesTab, silenceListInput } from "./_components/rules-input";
import { RulesView } from "./_components/rules-view";

export default async function AlertRulesPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const user = await requirePermission("alert.manage");
  const { tab } = await searchParams;
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([client.prefetchQuery(trpc.alert.ruleList.queryOptions(RULE_LIST_INPUT)), client.prefetchQuery(trpc.alert.silenceList.queryOptions(silenceListInput("active")))])
      }
    >
      <RulesView initialTab={rulesTab(tab)} />
    </Prefetched>
  );
}
