// Ticket and self-service vocabulary (issue 9 core, extended by issue 10). Plain tuples, importable by client
// components without pulling in Drizzle.

/**
 * Zendesk's statuses plus one of ours: new (nobody has looked), open (being worked), pending (waiting on the
 * user: "Pending user"; the SLA clock is paused), pending_approval (a refund or other decision above the
 * agent's authority waits for someone else; the clock runs: it is on us), solved ("Resolved"), closed (final).
 */
export const TICKET_STATUSES = ["new", "open", "pending", "pending_approval", "solved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses a ticket counts as open in (dedupe of self-service tickets, "open" queue counts, agent load). */
export const OPEN_TICKET_STATUSES = ["new", "open", "pending", "pending_approval"] as const satisfies readonly TicketStatus[];

/**
 * Which status may follow which: the one place the ticket state machine is written down (server/tickets/
 * change-ticket-status.ts enforces it with a conditional update). Nothing returns to "new"; "closed" is final
 * (a user writing again after closing gets a new ticket, as in Zendesk); a solved ticket reopens. A ticket
 * waits for approval only while someone works it (from new or open) and comes back to open when decided (or
 * is resolved/closed by the decision).
 */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["open", "pending", "pending_approval", "solved", "closed"],
  open: ["pending", "pending_approval", "solved", "closed"],
  pending: ["open", "solved", "closed"],
  pending_approval: ["open", "solved", "closed"],
  solved: ["open", "closed"],
  closed: [],
};

export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/**
 * Queues (issue 10): first-line customer service, second line (complaints, escalations), finance (refunds,
 * double charges, reconciliation), ops (alerts, incidents), tech (integration bugs). The skill an agent
 * needs to work a queue is the queue itself (agent_profiles.skills).
 */
export const TICKET_QUEUES = ["cs_l1", "cs_l2", "finance", "ops", "tech"] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number];

/** What the ticket is about; drives the queue and the priority (server/tickets/route-ticket.ts). */
export const TICKET_TYPES = ["paid_not_updated", "charged_twice", "refund", "failed_but_deducted", "complaint", "other"] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** Where a ticket stands against its SLA (the sweep job keeps it current; the queue shows it as a badge). */
export const SLA_STATES = ["ok", "at_risk", "breached"] as const;

/**
 * Which time a list window (?from=&to=&on=) applies to: when the ticket was created, resolved (solved or closed),
 * or breached its SLA (an `sla_breached` event). The KPI dashboard's tickets-resolved and SLA-breach drill-downs
 * use the latter two.
 */
export const TICKET_RANGE_ON = ["created", "resolved", "breached"] as const;
export type TicketRangeOn = (typeof TICKET_RANGE_ON)[number];
export type SlaState = (typeof SLA_STATES)[number];

export const AGENT_AVAILABILITIES = ["available", "away"] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];

export const TICKET_SOURCES = ["self_service", "console", "incident", "discrepancy", "alert"] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const TICKET_EVENT_KINDS = [
  "created", "reply", "note", "requester_message", "status_changed", "assigned", "priority_changed", "queue_changed", "linked", "type_changed", "merged_into", "merged_from", "sla_at_risk", "sla_breached",
] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

/** How the user would like to be contacted back (self-service form). */
export const CONTACT_PREFERENCES = ["sms", "phone", "none"] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

export const SUBJECT_MAX = 200;
export const BODY_MAX = 4000;

/**
 * What the self-service lookup tells a user about their order, in plain words (messages/<locale>/lookup.json
 * `answer.<kind>`). "no_match" is the single neutral answer for an unknown order number, a wrong phone, or both.
 */
export const LOOKUP_ANSWERS = ["done", "processing", "not_paid", "closed", "charged_twice", "refund_pending", "no_match"] as const;
export type LookupAnswerKind = (typeof LOOKUP_ANSWERS)[number];

/** Order numbers as the merchant API accepts them; anything else cannot match and is answered no_match. */
export const ORDER_NO_PATTERN = /^[A-Za-z0-9_\-*]{1,64}$/;
export const PHONE_LAST4_PATTERN = /^\d{4}$/;

/** SLA targets of one priority, in business minutes. */
export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}
export type SlaTargets = Record<TicketPriority, SlaTarget>;

/**
 * Defaults when a queue has no settings row: urgent first answer within 30 business minutes and resolved in
 * 4 business hours, down to low within a day and three days (a business day is 12 hours by default).
 */
export const DEFAULT_SLA_TARGETS: SlaTargets = {
  urgent: { firstResponseMinutes: 30, resolutionMinutes: 4 * 60 },
  high: { firstResponseMinutes: 60, resolutionMinutes: 8 * 60 },
  normal: { firstResponseMinutes: 4 * 60, resolutionMinutes: 24 * 60 },
  low: { firstResponseMinutes: 12 * 60, resolutionMinutes: 36 * 60 },
};

/** A due time this close (business minutes) is "at risk": the queue turns amber before it turns red. */
export const SLA_AT_RISK_MINUTES = 30;
