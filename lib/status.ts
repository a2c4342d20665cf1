// The status page's vocabulary (issue 9), Atlassian Statuspage's words so that anyone who has read a status
// page reads ours. Client-safe: no server imports. The contract with the console is /work/notes/s5/api.md.
import type { Provider } from "./enums";

export const COMPONENT_STATES = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

export const INDICATORS = ["none", "minor", "major", "critical", "maintenance"] as const;
export type Indicator = (typeof INDICATORS)[number];

export const NOTICE_KINDS = ["incident", "maintenance"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const INCIDENT_NOTICE_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export const MAINTENANCE_NOTICE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"] as const;
export const NOTICE_STATUSES = [...INCIDENT_NOTICE_STATUSES, ...MAINTENANCE_NOTICE_STATUSES] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const NOTICE_SEVERITIES = ["info", "warning", "critical"] as const;
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];

export const STATUS_TEMPLATE_KEYS = ["busy", "maintenance", "recovery", "maintenance_done"] as const;
export type StatusTemplateKey = (typeof STATUS_TEMPLATE_KEYS)[number];

/** The template a notice's closing update starts from: the recovery notice, or "maintenance completed". */
export function closingTemplateKey(kind: NoticeKind): StatusTemplateKey {
  return kind === "maintenance" ? "maintenance_done" : "recovery";
}

export const COMPONENT_KEYS = ["alipay", "wechat", "card", "orders", "refunds"] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/** Every piece of public text is written in both languages. */
export type Localized = { "zh-CN": string; en: string };

export interface NoticeComponent {
  key: string;
  state: ComponentState;
}

/** Statuses that close a notice: its components return to operational. */
export const CLOSING_STATUSES: readonly NoticeStatus[] = ["resolved", "completed"];
export const isClosingStatus = (s: NoticeStatus) => CLOSING_STATUSES.includes(s);

export function statusesFor(kind: NoticeKind): readonly NoticeStatus[] {
  return kind === "incident" ? INCIDENT_NOTICE_STATUSES : MAINTENANCE_NOTICE_STATUSES;
}

/** Worst first is the higher rank; maintenance ranks below every outage but above operational. */
const STATE_RANK: Record<ComponentState, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function worstState(states: readonly ComponentState[]): ComponentState {
  return states.reduce<ComponentState>((worst, s) => (STATE_RANK[s] > STATE_RANK[worst] ? s : worst), "operational");
}

/** The page's overall indicator from its components' states (Statuspage: none | minor | major | critical | maintenance). */
export function indicatorFor(states: readonly ComponentState[]): Indicator {
  const worst = worstState(states);
  switch (worst) {
    case "operational":
      return "none";
    case "under_maintenance":
      return "maintenance";
    case "degraded_performance":
      return "minor";
    case "partial_outage":
      return "major";
    case "major_outage":
      return "critical";
  }
}

/** Which components a provider's trouble shows on: its own, plus order updates and refunds (they depend on every provider). */
export const COMPONENT_PROVIDERS: Record<ComponentKey, readonly Provider[]> = {
  alipay: ["alipay"],
  wechat: ["wechatpay"],
  card: ["stripe"],
  orders: ["alipay", "wechatpay", "stripe", "sandbox"],
  refunds: ["alipay", "wechatpay", "stripe", "sandbox"],
};

/** The components of a provider's own payment method (the sandbox has none: only order updates). */
export function componentsForProvider(provider: string): ComponentKey[] {
  if (provider === "*") return ["alipay", "wechat", "card", "orders"];
  const own = COMPONENT_KEYS.filter((k) => k !== "orders" && k !== "refunds" && (COMPONENT_PROVIDERS[k] as readonly string[]).includes(provider));
  return [...own, "orders"];
}

/** The days of history bars shown per component. */
export const HISTORY_DAYS = 90;
