import "server-only";
import type { AlertMetric } from "@/lib/alerts";
import { parseRules, type DetectionRuleInput } from "./rule-schema";
import type { DetectionRule } from "./types";

/**
 * The rules that ship enabled (seeded into alert_rules on start, used by `alerts:replay` without --rules).
 * Absolute rules work from the first minute (the demo has no history); relative rules compare against the
 * seasonal baseline once history exists. Tuned with `npm run bench:detection` (docs/PERFORMANCE.md).
 */
export const DEFAULT_RULE_INPUTS: readonly DetectionRuleInput[] = [
  // Notifications stopped for a provider (callback-outage): nearly every expected callback missing or failed.
  {
    key: "provider-callbacks-down", metric: "callback_failure_rate", kind: "threshold", direction: "rise", severity: "critical",
    scopes: ["provider"], inhibitsProvider: true, threshold: 0.9, resolveThreshold: 0.5,
    // No pending period: it must be firing before its children's group wait ends, or it cannot inhibit them.
    windowMinutes: 2, maxWindowMinutes: 30, minVolume: 20, pendingMinutes: 0, resolveMinutes: 3,
  },
  {
    key: "callback-failure-rate-high", metric: "callback_failure_rate", kind: "threshold", direction: "rise", severity: "warning",
    threshold: 0.4, resolveThreshold: 0.2, windowMinutes: 2, maxWindowMinutes: 30, minVolume: 20, pendingMinutes: 0, resolveMinutes: 3,
  },
  // missing-callbacks: a fifth of the notifications never come, against a usual rate near zero.
  {
    key: "callback-failure-rate-rise", metric: "callback_failure_rate", kind: "relative", direction: "rise", severity: "warning",
    change: 1, minAbsoluteChange: 0.1, zScore: 4, resolveRatio: 0.5, windowMinutes: 2, maxWindowMinutes: 30, minVolume: 30, pendingMinutes: 1, resolveMinutes: 3,
  },
  // slow-callbacks: 30–180 s between the provider's event and our receipt.
  {
    key: "callback-delay-high", metric: "callback_delay_p95", kind: "threshold", direction: "rise", severity: "warning",
    threshold: 30_000, resolveThreshold: 15_000, windowMinutes: 3, maxWindowMinutes: 30, minVolume: 10, pendingMinutes: 1, resolveMinutes: 3,
  },
  {
    key: "callback-delay-rise", metric: "callback_delay_p95", kind: "relative", direction: "rise", severity: "warning",
    change: 1.5, minAbsoluteChange: 10_000, zScore: 4, windowMinutes: 3, maxWindowMinutes: 30, minVolume: 20, pendingMinutes: 1, resolveMinutes: 3,
  },
  {
    key: "success-rate-low", metric: "success_rate", kind: "threshold", direction: "drop", severity: "critical",
    threshold: 0.5, resolveThreshold: 0.7, windowMinutes: 3, maxWindowMinutes: 30, minVolume: 30, pendingMinutes: 1, resolveMinutes: 3,
  },
  {
    key: "success-rate-drop", metric: "success_rate", kind: "relative", direction: "drop", severity: "critical",
    change: 0.1, minAbsoluteChange: 0.06, zScore: 5, windowMinutes: 3, maxWindowMinutes: 30, minVolume: 40, pendingMinutes: 1, resolveMinutes: 3,
  },
  // Volume and amount: a collapse (checkout or provider broken) is a drop of 60 %; a surge must double the
  // usual level, because a Saturday against a history of weekdays is +30 % before any noise (bench seeds 6, 12).
  {
    key: "order-volume-anomaly", metric: "order_volume", kind: "relative", direction: "drop", severity: "warning",
    scopes: ["overall"], change: 0.6, minAbsoluteChange: 20, zScore: 5, windowMinutes: 5, maxWindowMinutes: 30, minVolume: 200, pendingMinutes: 1, resolveMinutes: 3,
  },
  {
    key: "order-volume-surge", metric: "order_volume", kind: "relative", direction: "rise", severity: "warning",
    scopes: ["overall"], change: 1, minAbsoluteChange: 20, zScore: 5, windowMinutes: 5, maxWindowMinutes: 30, minVolume: 200, pendingMinutes: 1, resolveMinutes: 3,
  },
  {
    key: "order-amount-anomaly", metric: "order_amount", kind: "relative", direction: "drop", severity: "warning",
    scopes: ["overall"], change: 0.6, minAbsoluteChange: 50_000, zScore: 5, windowMinutes: 5, maxWindowMinutes: 30, minVolume: 200, pendingMinutes: 1, resolveMinutes: 3,
  },
  {
    key: "order-amount-surge", metric: "order_amount", kind: "relative", direction: "rise", severity: "warning",
    scopes: ["overall"], change: 1, minAbsoluteChange: 50_000, zScore: 5, windowMinutes: 5, maxWindowMinutes: 30, minVolume: 200, pendingMinutes: 1, resolveMinutes: 3,
  },
  {
    key: "complaint-surge", metric: "complaints", kind: "relative", direction: "rise", severity: "warning",
    scopes: ["overall"], change: 3, minAbsoluteChange: 10, zScore: 5, windowMinutes: 3, maxWindowMinutes: 15, minVolume: 5, pendingMinutes: 0, resolveMinutes: 5,
  },
];

export const DEFAULT_RULES: readonly DetectionRule[] = parseRules(DEFAULT_RULE_INPUTS);

/** Suggested first actions per metric (the playbook), as keys of messages/<locale>/alerts.json → actions.*. */
export const FIRST_ACTIONS: Record<AlertMetric, readonly string[]> = {
  success_rate: ["checkProviderStatus", "queryPendingOrders", "postStatusNotice"],
  callback_failure_rate: ["checkProviderStatus", "runJanitorNow", "checkCallbackRejections", "postStatusNotice"],
  callback_delay_p95: ["checkProviderStatus", "runJanitorNow", "briefSupport"],
  order_volume: ["checkCheckoutFlow", "checkProviderStatus"],
  order_amount: ["checkCheckoutFlow", "checkReconciliation"],
  complaints: ["briefSupport", "postStatusNotice", "checkProviderStatus"],
};
