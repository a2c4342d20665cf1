import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { RULE_LIST_INPUT, rulesTab, silenceListInput } from "./_components/rules-input";
import { RulesView } from "./_components/rules-view";

export default async function AlertRulesPage({ searchParams }: { searchParams: Promise<{ tab?: string; rule?: string; threshold?: string; change?: string }> }) {
  const user = await requirePermission("alert.manage");
  const { tab, rule, threshold, change } = await searchParams;
  // Pre-fill from a report suggestion: the rule's editor opens with the proposed value as an unsaved edit.
  const params = Object.fromEntries(Object.entries({ threshold, change }).flatMap(([k, v]) => (v !== undefined && Number.isFinite(Number(v)) ? [[k, Number(v)]] : [])));
  const prefill = rule ? { rule, params } : undefined;
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([client.prefetchQuery(trpc.alert.ruleList.queryOptions(RULE_LIST_INPUT)), client.prefetchQuery(trpc.alert.silenceList.queryOptions(silenceListInput("active")))])
      }
    >
      <RulesView initialTab={rulesTab(tab)} prefill={prefill} />
    </Prefetched>
  );
}
