export const RULES_TABS = ["rules", "silences"] as const;
export type RulesTab = (typeof RULES_TABS)[number];

export function rulesTab(tab: string | undefined): RulesTab {
  return tab === "silences" ? "silences" : "rules";
}

/** alert.ruleList's input, the same on the server page (prefetch) and in the client. */
export const RULE_LIST_INPUT = {};

export const SILENCE_FILTERS = ["active", "all"] as const;
export type SilenceFilter = (typeof SILENCE_FILTERS)[number];

/** alert.silenceList's input for a filter: in force now, or everything (expired and upcoming too). */
export function silenceListInput(filter: SilenceFilter): { active?: boolean } {
  return filter === "active" ? { active: true } : {};
}
