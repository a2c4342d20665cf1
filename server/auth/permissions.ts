import "server-only";
import { ROLES, type Role } from "@/lib/enums";

// The one permission module. Permissions are `resource.action`; procedures declare the one they need
// (procedureFor in server/api/trpc.ts), console pages declare theirs (PAGES below, requirePermission in
// require-user.ts), and the navigation shows a link iff its page's permission is granted.
// server/api/permissions.test.ts and ./permissions.test.ts check all of it against hand-written tables.

export const PERMISSIONS = [
  "me.read",
  "me.update",
  "order.read",
  "order.query_provider",
  "order.resend_fulfilment",
  "callback.read",
  "callback.reveal",
  "job.read",
  "job.replay",
  "discrepancy.read",
  "recon.import",
  "recon.resolve",
  "recon.export",
  "recon.configure",
  "audit.read",
  "ops.read",
  "refund.read",
  "refund.create",
  "refund.approve",
  "refund.configure",
  "alert.read",
  "alert.acknowledge",
  "alert.manage",
  "incident.read",
  "incident.manage",
  "status.read",
  "status.publish",
  "notice.read",
  "notice.manage",
  "ticket.read",
  "ticket.update",
  "ticket.assign",
  "ticket.configure",
  "customer.read",
  "customer.reveal",
  "script.read",
  "script.edit",
  "script.publish",
  "kb.read",
  "kb.edit",
  "brief.write",
  "brief.confirm",
  "kpi.read",
  "review.read",
  "review.write",
  "report.manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Role[] = ROLES;

/** Who holds each permission. Amounts are the domain's business (server/refunds/refund-authority.ts). */
const ROLE_MATRIX: Record<Permission, readonly Role[]> = {
  "me.read": ALL,
  // One's own account: dismissing one's own security notices.
  "me.update": ALL,
  // Order search, the order page, and one masked raw message of an order (callback.body).
  "order.read": ALL,
  // Asking a provider about a payment is an action: not for the read-only manager.
  "order.query_provider": ["agent", "senior_agent", "finance", "ops", "admin"],
  // Re-running the fulfilment of a paid order whose delivery failed (the customer page's "resend").
  "order.resend_fulfilment": ["agent", "senior_agent", "ops", "admin"],
  "callback.read": ["senior_agent", "finance", "ops", "admin"],
  // Unmasking personal data in a raw message (with an audited reason).
  "callback.reveal": ["ops", "admin"],
  "job.read": ["ops", "manager", "admin"],
  "job.replay": ["ops", "admin"],
  "discrepancy.read": ["senior_agent", "finance", "ops", "manager", "admin"],
  // Reconciliation (issue 11): ops and finance import statements and clear the day's exceptions (resolve,
  // write off, assign, ticket); managers read and export; finance and admins set the auto-repair rules and
  // saved column mappings.
  "recon.import": ["finance", "ops", "admin"],
  "recon.resolve": ["finance", "ops", "admin"],
  "recon.export": ["finance", "ops", "manager", "admin"],
  "recon.configure": ["finance", "admin"],
  "audit.read": ["manager", "admin"],
  "ops.read": ["ops", "admin"],
  // Refunds (issue 10): everyone sees them (CS answers "where is my refund"); front line and finance start
  // them within their own limits (server/refunds: per-role single and daily ceilings set by admins); above a
  // limit a refund waits for someone whose own limit covers it, never the requester.
  "refund.read": ALL,
  "refund.create": ["agent", "senior_agent", "finance", "admin"],
  "refund.approve": ["senior_agent", "finance", "admin"],
  "refund.configure": ["admin"],
  // Early warning (issue 8): everybody sees what is wrong (CS answers users about it); the on-call roles act.
  "alert.read": ALL,
  "alert.acknowledge": ["ops", "manager", "admin"],
  // Rules, silences and maintenance windows, contacts and routes.
  "alert.manage": ["ops", "admin"],
  "incident.read": ALL,
  // Open, command, annotate and resolve incidents.
  "incident.manage": ["ops", "manager", "admin"],
  // Calm the users (issue 9): everyone sees what the public is told; on-call roles publish and update it.
  "status.read": ALL,
  "status.publish": ["ops", "manager", "admin"],
  // Personal notices to affected users: everyone sees what was sent (CS answers about it); ops set templates,
  // settings, test sends and bulk sends.
  "notice.read": ALL,
  "notice.manage": ["ops", "admin"],
  // Tickets (self-service entry now, the CS console next): the read-only manager only reads.
  "ticket.read": ALL,
  "ticket.update": ["agent", "senior_agent", "finance", "ops", "admin"],
  // Assigning others, transferring between queues, merging: team leads. Queues, skills, SLA targets: managers.
  "ticket.assign": ["senior_agent", "ops", "admin"],
  "ticket.configure": ["manager", "admin"],
  // The customer page (issue 10): everyone; personal data masked for the roles that see it masked, and
  // unmasked on request with an audited reason.
  "customer.read": ALL,
  "customer.reveal": ["agent", "senior_agent", "finance", "ops", "admin"],
  // Reply scripts: everyone reads and uses them; senior agents draft; a manager approves before publication.
  "script.read": ALL,
  "script.edit": ["senior_agent", "manager", "admin"],
  "script.publish": ["manager", "admin"],
  // FAQ and SOP knowledge base.
  "kb.read": ALL,
  "kb.edit": ["senior_agent", "ops", "manager", "admin"],
  // The incident brief at the top of the agent desk: supervisors write it, everyone confirms reading it.
  "brief.write": ["senior_agent", "ops", "manager", "admin"],
  "brief.confirm": ALL,
  // Managers' loop (issue 12): the KPI dashboard is the manager's home; the leads of each area read it too.
  "kpi.read": ["senior_agent", "finance", "ops", "manager", "admin"],
  // Incident reviews, weekly/monthly reports and the suggestions drawn from them: the same readers.
  "review.read": ["senior_agent", "finance", "ops", "manager", "admin"],
  // Completing an incident review and tracking its action items: the on-call roles that run incidents.
  "review.write": ["ops", "manager", "admin"],
  // Generating reports on demand and who gets them by e-mail.
  "report.manage": ["manager", "admin"],
};

/** Anything with a role: a signed-in user, an Actor, or a bare role. */
type Subject = { role: Role } | Role | null | undefined;

const roleOf = (s: Subject): Role | undefined => (typeof s === "string" ? s : (s?.role ?? undefined));

/**
 * True iff the role holds the permission. Amount-aware decisions (refund limits per role, daily totals,
 * approval) are not a role list: they live in the domain, server/refunds/refund-authority.ts, and read the
 * admin-edited refund_limits table.
 */
export function holds(subject: Subject, permission: Permission): boolean {
  const role = roleOf(subject);
  return role !== undefined && ROLE_MATRIX[permission].includes(role);
}

/** The same as holds(): kept as the name pages and components use for "may do it". */
export function can(subject: Subject, permission: Permission): boolean {
  return holds(subject, permission);
}

/**
 * Console pages, in navigation order: the one list the layout, the page guards and HOME_BY_ROLE read.
 * `label` is a message key of the `nav` area (the layout type-checks it against the messages).
 */
export const PAGES = [
  { href: "/desk", label: "nav.desk", permission: "brief.confirm" },
  { href: "/customers", label: "nav.customers", permission: "customer.read" },
  { href: "/orders", label: "nav.orders", permission: "order.read" },
  { href: "/tickets", label: "nav.tickets", permission: "ticket.read" },
  { href: "/refunds", label: "nav.refunds", permission: "refund.read" },
  { href: "/scripts", label: "nav.scripts", permission: "script.read" },
  { href: "/kb", label: "nav.kb", permission: "kb.read" },
  { href: "/alerts", label: "nav.alerts", permission: "alert.read" },
  { href: "/incidents", label: "nav.incidents", permission: "incident.read" },
  { href: "/notices", label: "nav.statusNotices", permission: "status.read" },
  { href: "/user-notices", label: "nav.userNotices", permission: "notice.read" },
  { href: "/jobs", label: "nav.jobs", permission: "job.read" },
  { href: "/callbacks", label: "nav.callbacks", permission: "callback.read" },
  { href: "/reconciliation", label: "nav.reconciliation", permission: "discrepancy.read" },
  { href: "/discrepancies", label: "nav.discrepancies", permission: "discrepancy.read" },
  { href: "/reconciliation/rules", label: "nav.reconRules", permission: "discrepancy.read" },
  { href: "/kpi", label: "nav.kpi", permission: "kpi.read" },
  { href: "/reviews", label: "nav.reviews", permission: "review.read" },
  { href: "/reports", label: "nav.reports", permission: "review.read" },
  { href: "/ops", label: "nav.ops", permission: "ops.read" },
  { href: "/alerts/rules", label: "nav.alertRules", permission: "alert.manage" },
  { href: "/alerts/channels", label: "nav.alertChannels", permission: "alert.manage" },
  { href: "/tickets/settings", label: "nav.ticketSettings", permission: "ticket.configure" },
  { href: "/refunds/limits", label: "nav.refundLimits", permission: "refund.configure" },
  { href: "/audit", label: "nav.audit", permission: "audit.read" },
] as const satisfies readonly { href: `/${string}`; label: `nav.${string}`; permission: Permission; icon?: string }[];

export type ConsolePage = (typeof PAGES)[number];
export type PageHref = ConsolePage["href"];

/** The pages a role sees in the navigation (and may open). */
export function pagesFor(subject: Subject): ConsolePage[] {
  return PAGES.filter((p) => holds(subject, p.permission));
}

/** Where each role lands after sign-in: the page it lives in. A test checks each may open its home. */
export const HOME_BY_ROLE: Record<Role, PageHref> = {
  agent: "/desk",
  senior_agent: "/desk",
  finance: "/reconciliation",
  ops: "/jobs",
  manager: "/kpi",
  admin: "/ops",
};

// Personal data minimisation: front-line and manager views see masked phone numbers; the people who
// reconcile or investigate payments (finance, ops, admin) see them in full.
const FULL_PHONE_ROLES: readonly Role[] = ["finance", "ops", "admin"];

export function seesFullPhone(role: Role): boolean {
  return FULL_PHONE_ROLES.includes(role);
}
