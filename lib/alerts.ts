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

// Incidents (issue 8): the single thread of an event — its alerts, a timeline, a commander, a summary.
export const INCIDENT_STATUSES = ["open", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Kinds of incident timeline entries (incident_events.kind), each rendered from a message key
 * (messages/<locale>/incidents.json → timeline.<kind>). Extension points for later issues — append the kind
 * here and write it with server/incidents/append-incident-event.ts: "status_notice" (status page, issue 9),
 * "user_notice" (user notices), "ticket_linked" (tickets), "recon_item" (reconciliation items).
 */
export const INCIDENT_EVENT_KINDS = [
  "opened",
  "alert_fired", // an alert joined (data: alertId, ruleKey, provider, severity)
  "alert_acknowledged",
  "alert_resolved",
  "commander_set",
  "note",
  "notification_sent", // a delivery went out (written by the channels, H1)
  "resolved", // data: summary, openAlertIds (alerts still open when it was resolved)
  // issue 9: what the public and the affected users were told
  "status_notice", // a status notice was published, updated or resolved (data: noticeId, status, automatic)
  "user_notices", // personal notices went out to affected users (data: count, situation, channel)
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/** Delivery channels (issue 8): DingTalk and WeCom group robots, SMS (Aliyun or Tencent Cloud), e-mail over SMTP. */
export const ALERT_CHANNELS = ["dingtalk", "wecom", "sms", "email"] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** Who a contact is for routing: routes name roles, not people. */
export const CONTACT_ROLES = ["product", "ops", "cs", "tech_lead"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/**
 * One message to one target: pending (claimed, not answered yet), sent, retrying (due again at nextAttemptAt),
 * rate_limited (over a robot's per-minute limit, grouped into the next message), failed (for good).
 */
export const DELIVERY_STATUSES = ["pending", "sent", "failed", "retrying", "rate_limited"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
