import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/enums";
import { can, HOME_BY_ROLE, holds, PAGES, pagesFor, PERMISSIONS, type Permission } from "./permissions";

// Who holds what, by hand (README "Demo users" and issue 10). Refund amounts: server/refunds/refund-authority.test.ts.
const HOLDERS: Record<Permission, Role[]> = {
  "me.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "me.update": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "order.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "order.query_provider": ["agent", "senior_agent", "finance", "ops", "admin"],
  "order.resend_fulfilment": ["agent", "senior_agent", "ops", "admin"],
  "callback.read": ["senior_agent", "finance", "ops", "admin"],
  "callback.reveal": ["ops", "admin"],
  "job.read": ["ops", "manager", "admin"],
  "job.replay": ["ops", "admin"],
  "discrepancy.read": ["senior_agent", "finance", "ops", "manager", "admin"],
  "recon.import": ["finance", "ops", "admin"],
  "recon.resolve": ["finance", "ops", "admin"],
  "recon.export": ["finance", "ops", "manager", "admin"],
  "recon.configure": ["finance", "admin"],
  "audit.read": ["manager", "admin"],
  "ops.read": ["ops", "admin"],
  "refund.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "refund.create": ["agent", "senior_agent", "finance", "admin"],
  "refund.approve": ["senior_agent", "finance", "admin"],
  "refund.configure": ["admin"],
  "alert.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "alert.acknowledge": ["ops", "manager", "admin"],
  "alert.manage": ["ops", "admin"],
  "incident.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "incident.manage": ["ops", "manager", "admin"],
  "status.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "status.publish": ["ops", "manager", "admin"],
  "notice.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "notice.manage": ["ops", "admin"],
  "ticket.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "ticket.update": ["agent", "senior_agent", "finance", "ops", "admin"],
  "ticket.assign": ["senior_agent", "ops", "admin"],
  "ticket.configure": ["manager", "admin"],
  "customer.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "customer.reveal": ["agent", "senior_agent", "finance", "ops", "admin"],
  "script.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "script.edit": ["senior_agent", "manager", "admin"],
  "script.publish": ["manager", "admin"],
  "kb.read": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "kb.edit": ["senior_agent", "ops", "manager", "admin"],
  "brief.write": ["senior_agent", "ops", "manager", "admin"],
  "brief.confirm": ["agent", "senior_agent", "finance", "ops", "manager", "admin"],
  "kpi.read": ["senior_agent", "finance", "ops", "manager", "admin"],
  "review.read": ["senior_agent", "finance", "ops", "manager", "admin"],
  "review.write": ["ops", "manager", "admin"],
  "report.manage": ["manager", "admin"],
};

// The navigation each role sees, in order, by hand.
const NAV: Record<Role, string[]> = {
  agent: ["/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices"],
  senior_agent: ["/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/callbacks", "/reconciliation", "/discrepancies", "/reconciliation/rules", "/kpi", "/reviews", "/reports"],
  finance: ["/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/callbacks", "/reconciliation", "/discrepancies", "/reconciliation/rules", "/kpi", "/reviews", "/reports"],
  ops: [
    "/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/jobs", "/callbacks", "/reconciliation", "/discrepancies", "/reconciliation/rules", "/kpi", "/reviews", "/reports", "/ops",
    "/alerts/rules", "/alerts/channels",
  ],
  manager: [
    "/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/jobs", "/reconciliation", "/discrepancies", "/reconciliation/rules", "/kpi", "/reviews", "/reports", "/tickets/settings",
    "/audit",
  ],
  admin: [
    "/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/jobs", "/callbacks", "/reconciliation", "/discrepancies", "/reconciliation/rules", "/kpi", "/reviews", "/reports", "/ops",
    "/alerts/rules", "/alerts/channels", "/tickets/settings", "/refunds/limits", "/audit",
  ],
};

describe("permissions", () => {
  it("every permission is resource.action and listed once", () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) expect(p).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect([...PERMISSIONS].sort()).toEqual(Object.keys(HOLDERS).sort());
  });

  for (const permission of PERMISSIONS) {
    it(`${permission} is held by exactly ${HOLDERS[permission].join(", ")}`, () => {
      for (const role of ROLES) expect(holds(role, permission), `${role} ${permission}`).toBe(HOLDERS[permission].includes(role));
    });
  }

  it("nobody without a role holds anything", () => {
    for (const p of PERMISSIONS) {
      expect(holds(null, p)).toBe(false);
      expect(can(undefined, p)).toBe(false);
    }
  });

  it("accepts a user object as well as a bare role", () => {
    expect(can({ role: "ops" }, "job.replay")).toBe(true);
    expect(can({ role: "manager" }, "job.replay")).toBe(false);
  });
});

describe("navigation", () => {
  for (const role of ROLES) {
    it(`${role} sees ${NAV[role].join(", ")}`, () => {
      expect(pagesFor(role).map((p) => p.href)).toEqual(NAV[role]);
    });
    it(`${role}'s home page is one it may open`, () => {
      expect(NAV[role]).toContain(HOME_BY_ROLE[role]);
    });
  }

  it("every page has a nav label key and a real permission", () => {
    for (const p of PAGES) {
      expect(p.label).toMatch(/^nav\.[a-zA-Z]+$/);
      expect(PERMISSIONS).toContain(p.permission);
    }
  });
});
