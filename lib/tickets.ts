// Ticket and self-service vocabulary (issue 9 core, extended by issue 10). Plain tuples, importable by client
// components without pulling in Drizzle.

/** Zendesk's statuses: new (nobody has looked), open (being worked), pending (waiting on the user), solved, closed (final). */
export const TICKET_STATUSES = ["new", "open", "pending", "solved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses a ticket counts as open in (dedupe of self-service tickets, "open" queue counts). */
export const OPEN_TICKET_STATUSES = ["new", "open", "pending"] as const satisfies readonly TicketStatus[];

/**
 * Which status may follow which: the one place the ticket state machine is written down (server/tickets/
 * change-ticket-status.ts enforces it with a conditional update). Nothing returns to "new"; "closed" is final
 * (a user writing again after closing gets a new ticket, as in Zendesk); a solved ticket reopens.
 */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["open", "pending", "solved", "closed"],
  open: ["pending", "solved", "closed"],
  pending: ["open", "solved", "closed"],
  solved: ["open", "closed"],
  closed: [],
};

export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Queues; issue 10 adds routing, skills and SLA per queue. */
export const TICKET_QUEUES = ["payments", "refunds", "general"] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number];

export const TICKET_SOURCES = ["self_service", "console", "incident", "discrepancy", "alert"] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const TICKET_EVENT_KINDS = ["created", "reply", "note", "requester_message", "status_changed", "assigned", "priority_changed", "queue_changed", "linked"] as const;
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
