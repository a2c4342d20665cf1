import "server-only";
import { ROLES, type Role } from "@/lib/enums";

// The one role matrix. tRPC procedures read their roles from here (server/api/routers/*), the console
// navigation hides links from it, and server/api/permissions.test.ts proves the router enforces it.
const ALL: readonly Role[] = ROLES;

export const PROCEDURE_ROLES = {
  "me.get": ALL,
  "order.search": ALL,
  "order.get": ALL,
  "order.queryNow": ["agent", "senior_agent", "ops", "finance", "admin"],
  "order.problemMessages": ALL,
  "job.list": ["ops", "admin", "manager"],
  "job.get": ["ops", "admin", "manager"],
  "job.replay": ["ops", "admin"],
  "job.replayMany": ["ops", "admin"],
  "callback.list": ["ops", "finance", "admin", "senior_agent"],
  "callback.body": ALL,
  "callback.reveal": ["ops", "admin"],
  "discrepancy.list": ["finance", "ops", "admin", "manager", "senior_agent"],
  "audit.list": ["admin", "manager"],
} as const satisfies Record<string, readonly Role[]>;

export type ProcedureKey = keyof typeof PROCEDURE_ROLES;

export function rolesFor(key: ProcedureKey): Role[] {
  return [...PROCEDURE_ROLES[key]];
}

export function can(role: Role | undefined, key: ProcedureKey): boolean {
  return role !== undefined && (PROCEDURE_ROLES[key] as readonly Role[]).includes(role);
}

/** Console pages and the procedure that backs each; a page is shown to a role iff it may call that procedure. */
export const PAGES = [
  { href: "/orders", key: "order.search" },
  { href: "/jobs", key: "job.list" },
  { href: "/callbacks", key: "callback.list" },
  { href: "/discrepancies", key: "discrepancy.list" },
  { href: "/ops", key: "job.list", roles: ["ops", "admin"] as Role[] },
  { href: "/audit", key: "audit.list" },
] as const satisfies readonly { href: string; key: ProcedureKey; roles?: Role[] }[];

export type PageHref = (typeof PAGES)[number]["href"];

export function canOpenPage(role: Role | undefined, href: PageHref): boolean {
  const page = PAGES.find((p) => p.href === href);
  if (!page || !role) return false;
  if ("roles" in page && page.roles) return page.roles.includes(role);
  return can(role, page.key);
}

/** Where each role lands after sign-in: the page it lives in. */
export const HOME_BY_ROLE: Record<Role, PageHref> = {
  agent: "/orders",
  senior_agent: "/orders",
  finance: "/discrepancies",
  ops: "/jobs",
  manager: "/orders",
  admin: "/ops",
};

// Personal data minimisation: front-line and manager views see masked phone numbers; the people who
// reconcile or investigate payments (finance, ops, admin) see them in full.
const FULL_PHONE_ROLES: readonly Role[] = ["finance", "ops", "admin"];

export function seesFullPhone(role: Role): boolean {
  return FULL_PHONE_ROLES.includes(role);
}
