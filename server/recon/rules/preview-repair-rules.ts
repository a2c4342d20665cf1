import "server-only";
import type { Db } from "@/db/client";
import { REPAIR_RULE_KEYS, type RepairRuleKey } from "@/lib/recon-rules";
import { getEnv, type Env } from "@/server/env";
import { planRepairs, type RepairScope } from "./plan-repairs";
import { checkRuleParams, loadRepairRules, type RepairRules } from "./repair-rules";

/** An unsaved change on the rules page: the dry run shows what the rule would do with it, before saving. */
export interface RuleDraft {
  key: RepairRuleKey;
  enabled?: boolean;
  params?: Record<string, unknown>;
}

function withDraft(saved: RepairRules, draft: RuleDraft): RepairRules {
  const rule = saved[draft.key];
  const params = checkRuleParams(draft.key, { ...rule.params, ...(draft.params ?? {}) });
  return { ...saved, [draft.key]: { ...rule, enabled: draft.enabled ?? rule.enabled, params } };
}

export interface RulePreview {
  key: RepairRuleKey;
  enabled: boolean;
  /** Items the rule would act on now. */
  items: number;
  /** Their amounts (payment applied, refund, or difference written off) per currency, minor units. */
  amounts: { currency: string; amountMinor: number }[];
  /** Up to 20 of their ids, oldest first. */
  sample: number[];
}

const SAMPLE = 20;

/**
 * Dry run: which open items in scope each rule would act on ("this would act on 37 items, ¥1,234.00"),
 * from the same plan applyRepairRules follows. Writes nothing (not even the default rules: those are
 * read as defaults when missing). A disabled rule reports 0 items.
 */
export async function previewRepairRules(db: Db, scope: RepairScope = {}, opts: { env?: Env; draft?: RuleDraft } = {}): Promise<RulePreview[]> {
  const env = opts.env ?? getEnv();
  const saved = await loadRepairRules(db, { write: false });
  const rules = opts.draft ? withDraft(saved, opts.draft) : saved;
  const acc = new Map(REPAIR_RULE_KEYS.map((key) => [key, { items: 0, amounts: new Map<string, number>(), sample: [] as number[] }]));
  for await (const batch of planRepairs(db, scope, rules, env)) {
    for (const p of batch) {
      if (p.kind !== "rule") continue;
      const a = acc.get(p.rule)!;
      a.items++;
      a.amounts.set(p.currency, (a.amounts.get(p.currency) ?? 0) + p.amountMinor);
      if (a.sample.length < SAMPLE) a.sample.push(p.item.id);
    }
  }
  return REPAIR_RULE_KEYS.map((key) => {
    const a = acc.get(key)!;
    return {
      key,
      enabled: rules[key].enabled,
      items: a.items,
      amounts: [...a.amounts].map(([currency, amountMinor]) => ({ currency, amountMinor })).sort((x, y) => x.currency.localeCompare(y.currency)),
      sample: a.sample,
    };
  });
}
