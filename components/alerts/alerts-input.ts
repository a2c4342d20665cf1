import { ALERT_SEVERITIES, type AlertSeverity } from "@/lib/alerts";

export const ALERT_TABS = ["open", "resolved", "all"] as const;
export type AlertTab = (typeof ALERT_TABS)[number];

/** The tab a URL asks for (?status=…), open alerts by default. */
export function alertTab(status: string | undefined): AlertTab {
  return (ALERT_TABS as readonly string[]).includes(status ?? "") ? (status as AlertTab) : "open";
}

export function alertSeverity(severity: string | undefined): AlertSeverity | undefined {
  return (ALERT_SEVERITIES as readonly string[]).includes(severity ?? "") ? (severity as AlertSeverity) : undefined;
}

/** How often the alert views poll: a new alert shows up without a reload. */
export const ALERTS_REFRESH_MS = 15_000;

/** The list input for a UI state; the server page prefetches the first page with the same shape. */
export function alertsInput(s: { status: AlertTab; provider?: string; severity?: AlertSeverity; cursor?: string }) {
  return { status: s.status, provider: s.provider || undefined, severity: s.severity || undefined, cursor: s.cursor, limit: 50 };
}
