// Alerting vocabulary (issue 8), importable by client components without pulling in Drizzle.

export const ALERT_METRICS = [
  "success_rate", // paid / orders that reached a payment attempt
  "callback_failure_rate", // (rejected, failed or missing callbacks) / all expected callbacks
  "callback_delay_p95", // ms, provider event time → received
  "order_volume", // orders (payment attempts) per window
  "order_amount", // minor units of the business currency per window
  "complaints", // payment complaints per window
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const ALERT_DIRECTIONS = ["drop", "rise", "both"] as const;
export type AlertDirection = (typeof ALERT_DIRECTIONS)[number];

export const ALERT_RULE_KINDS = ["threshold", "relative"] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Lifecycle, owned by server/alerts/: pending → firing → acknowledged → resolved (pending may end resolved unseen). */
export const ALERT_STATUSES = ["pending", "firing", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_NOTIFICATION_EVENTS = ["firing", "repeat", "escalation", "resolved"] as const;
export type AlertNotificationEvent = (typeof ALERT_NOTIFICATION_EVENTS)[number];

/** pending: inside the group wait; ready: due, for the channels to deliver; suppressed: silenced, maintenance or inhibited. */
export const ALERT_NOTIFICATION_STATUSES = ["pending", "ready", "sent", "failed", "cancelled", "suppressed"] as const;
export type AlertNotificationStatus = (typeof ALERT_NOTIFICATION_STATUSES)[number];

export const SILENCE_KINDS = ["silence", "maintenance"] as const;
export type SilenceKind = (typeof SILENCE_KINDS)[number];
