// Weekly and monthly review reports (issue 12): kinds, the stored snapshot's shape, suggestion kinds. Client-safe.

export const REPORT_KINDS = ["weekly", "monthly"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_DELIVERY_STATUSES = ["sent", "failed", "skipped"] as const;
export type ReportDeliveryStatus = (typeof REPORT_DELIVERY_STATUSES)[number];

export const SUGGESTION_KINDS = ["alert_false", "alert_late", "topic_no_content", "recon_manual"] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** Which way is better for a figure (the report colours its delta from this). */
export type KpiDirection = "up" | "down" | "neutral";

/** One KPI row of a report: value for the period, value for the period before (same length). */
export interface ReportFigure {
  section: "payments" | "service" | "recon" | "incidents";
  key: string;
  value: number | null;
  previous: number | null;
  /** How to print it: rate 0..1, money in minor units of `currency`, seconds, milliseconds or a count. */
  unit: "rate" | "money" | "seconds" | "ms" | "count";
  direction: KpiDirection;
}

/** A suggestion with its evidence (numbers, links), what to change, and the editor that opens pre-filled. */
export interface Suggestion {
  kind: SuggestionKind;
  /** Stable within a period: the rule key, the topic, the discrepancy type. */
  subject: string;
  evidence: { key: string; value: number | string; href?: string }[];
  proposal: { key: string; value?: number | string | null };
  editorHref: string;
}

/** The team that owns a suggestion's editor, and the ticket queue a suggestion is sent to when the viewer cannot edit. */
export const SUGGESTION_OWNERS = ["ops", "finance", "cs_l2"] as const;
export type SuggestionOwner = (typeof SUGGESTION_OWNERS)[number];

/** What this viewer can do with a suggestion (decided on the server from the editor's permission). */
export interface SuggestionAction {
  /** The viewer holds the editor's permission: "Accept" opens it; otherwise "Send to <owner>". */
  canEdit: boolean;
  owner: SuggestionOwner;
  /** Already sent to the owning team (once per suggestion and report). */
  ticket: { id: number; number: string } | null;
}

export type ActionableSuggestion = Suggestion & { action: SuggestionAction };

/** The answer to accepting a suggestion: the editor to open, or the ticket it was sent to. */
export type SuggestionAcceptance =
  | { outcome: "editor"; editorHref: string }
  | { outcome: "forwarded"; owner: SuggestionOwner; ticket: { id: number; number: string }; existing: boolean };

export interface ManualInterventionRow {
  type: string;
  /** Resolved by a person (repairRule null) in the period. */
  manual: number;
  /** Resolved by an auto-repair rule in the period. */
  auto: number;
  /** Median seconds from detection to resolution of the manual ones; null with none. */
  handleMedianS: number | null;
  /** Manual closes reversed afterwards: a later audit row reopened the item (discrepancy.reopen). */
  reversed: number;
}

export interface ReportIncident {
  id: number;
  title: string;
  severity: string;
  provider: string;
  openedAt: string;
  resolvedAt: string | null;
  actionItems: { id: number; title: string; status: string; dueOn: string | null; ownerName: string | null; overdue: boolean }[];
}

/** The whole snapshot stored in reports.data at generation: a report never changes after, unless regenerated. */
export interface ReportData {
  version: 1;
  from: string; // ISO instant, [from, to)
  to: string;
  previousFrom: string;
  currency: string;
  figures: ReportFigure[];
  /** Daily series for the small charts (business-TZ days). */
  daily: { day: string; attempts: number; successes: number; tickets: number; complaints: number }[];
  topics: { type: string; count: number; previous: number }[];
  manual: {
    rows: ManualInterventionRow[];
    totalManual: number;
    totalAuto: number;
    /** Tickets solved in the period that had been reopened at least once (reopenCount > 0). */
    ticketsReopened: number;
    ticketsSolved: number;
  };
  incidents: ReportIncident[];
  suggestions: Suggestion[];
}

export const MANUAL_SUGGESTION_MIN = 3;

/** Where a ticket topic's answers live (KB and script categories share these names); null = no category fits. */
export const TOPIC_CATEGORY: Record<string, string | null> = {
  paid_not_updated: "paid_not_updated",
  charged_twice: "charged_twice",
  failed_but_deducted: "failed_but_deducted",
  refund: "refund_not_arrived",
  complaint: "general",
  other: null,
};

/** The discrepancy types an auto-repair rule could close (server/recon/rules/plan-repairs.ts). */
export const TYPE_REPAIR_RULE: Record<string, "apply_payment" | "refund_duplicate" | "write_off"> = {
  status_mismatch: "apply_payment",
  duplicate_payment: "refund_duplicate",
  amount_mismatch: "write_off",
  fee_mismatch: "write_off",
  refund_mismatch: "write_off",
};

/** Starting titles for a suggested article or script, per topic, in both languages (the editor opens with them). */
export const TOPIC_TITLES: Record<string, { "zh-CN": string; en: string }> = {
  paid_not_updated: { "zh-CN": "已付款但订单仍显示未支付：原因与处理时效", en: "Paid but the order still shows unpaid: why, and how long it takes" },
  charged_twice: { "zh-CN": "重复扣款：如何确认、多扣的钱何时退回", en: "Charged twice: how we confirm it and when the extra payment comes back" },
  failed_but_deducted: { "zh-CN": "显示支付失败但已扣款：钱在哪里、何时退回", en: "Payment failed but money was taken: where it is and when it returns" },
  refund: { "zh-CN": "退款未到账：各渠道到账时间与查询方法", en: "Refund not received yet: arrival times per channel and how to check" },
  complaint: { "zh-CN": "支付投诉的受理流程与回复要点", en: "Handling a payment complaint: the steps and what to say" },
};

/** A figure's value in words of `locale` (the report page and the e-mail print the same). */
export function formatFigureValue(unit: ReportFigure["unit"], value: number | null, locale: string, currency: string, money: (minor: number, currency: string) => string): string {
  if (value === null) return "—";
  switch (unit) {
    case "rate":
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
    case "money":
      return money(Math.round(value), currency);
    case "ms":
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value / 1000)} s`;
    case "seconds":
      return value >= 3600
        ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value / 3600)} h`
        : value >= 60
          ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value / 60)} min`
          : `${Math.round(value)} s`;
    default:
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
  }
}

export type Trend = "better" | "worse" | "same" | "none";

/** Whether a figure moved the good way: its direction decides (up is better for a success rate, worse for a backlog). */
export function trendOf(f: Pick<ReportFigure, "value" | "previous" | "direction">): { delta: number | null; trend: Trend } {
  if (f.value === null || f.previous === null) return { delta: null, trend: "none" };
  const delta = f.value - f.previous;
  if (delta === 0 || f.direction === "neutral") return { delta, trend: "same" };
  return { delta, trend: (delta > 0) === (f.direction === "up") ? "better" : "worse" };
}

/** The figures the e-mail summary and the list's headline show, in this order. */
export const HEADLINE_FIGURES = ["successRate", "attempts", "complaints", "ticketsOpened", "backlog", "slaBreaches", "matchRate", "manual", "count"] as const;
