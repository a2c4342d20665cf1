import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/enums";
import { can, decide, HOME_BY_ROLE, holds, PAGES, pagesFor, PERMISSIONS, type Decision, type Permission } from "./permissions";

// Hand-written from the product's policy (issue 7 / issue 10): an agent refunds up to ¥50 alone, a senior
// agent up to ¥500, above that someone approves; finance and admins have no ceiling; ops and managers
// do not refund. Limits are CNY: other currencies are refused for limited roles, never converted.
// Deliberately NOT derived from the tables in permissions.ts: a wrong entry there must fail here.
const CNY = (minor: number) => ({ amount: { minor, currency: "CNY" } });
const REFUND_CASES: [Role, { amount?: { minor: number; currency: string } }, Decision][] = [
  ["agent", CNY(0), "allow"],
  ["agent", CNY(4_999), "allow"],
  ["agent", CNY(5_000), "allow"], // exactly ¥50.00
  ["agent", CNY(5_001), "requires_approval"],
  ["agent", CNY(50_000), "requires_approval"],
  ["agent", { amount: { minor: 100, currency: "USD" } }, "deny"],
  ["agent", {}, "deny"], // no amount, no decision
  ["agent", CNY(-1), "deny"],
  ["agent", CNY(1.5), "deny"],
  ["agent", CNY(Number.MAX_SAFE_INTEGER + 2), "deny"],
  ["senior_agent", CNY(5_001), "allow"],
  ["senior_agent", CNY(50_000), "allow"], // exactly ¥500.00
  ["senior_agent", CNY(50_001), "requires_approval"],
  ["senior_agent", { amount: { minor: 100, currency: "EUR" } }, "deny"],
  ["finance", CNY(10_000_000), "allow"],
  ["finance", { amount: { minor: 100, currency: "USD" } }, "allow"],
  ["admin", CNY(10_000_000), "allow"],
  ["ops", CNY(1), "deny"],
  ["manager", CNY(1), "deny"],
];

// Who holds what, by hand (README "Demo users" plus the refund policy above).
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
};

// The navigation each role sees, in order, by hand.
const NAV: Record<Role, string[]> = {
  agent: ["/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices"],
  senior_agent: ["/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/callbacks", "/discrepancies"],
  finance: ["/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/callbacks", "/discrepancies"],
  ops: [
    "/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/jobs", "/callbacks", "/discrepancies", "/ops",
    "/alerts/rules", "/alerts/channels",
  ],
  manager: [
    "/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/jobs", "/discrepancies", "/tickets/settings",
    "/audit",
  ],
  admin: [
    "/desk", "/customers", "/orders", "/tickets", "/refunds", "/scripts", "/kb", "/alerts", "/incidents", "/notices", "/user-notices", "/jobs", "/callbacks", "/discrepancies", "/ops",
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
      expect(decide(null, p, CNY(1))).toBe("deny");
    }
  });

  it("accepts a user object as well as a bare role", () => {
    expect(can({ role: "ops" }, "job.replay")).toBe(true);
    expect(can({ role: "manager" }, "job.replay")).toBe(false);
  });
});

describe("amount-aware refund.create", () => {
  for (const [role, ctx, expected] of REFUND_CASES) {
    it(`${role} ${ctx.amount ? `${ctx.amount.minor} ${ctx.amount.currency}` : "without an amount"} → ${expected}`, () => {
      expect(decide({ role }, "refund.create", ctx)).toBe(expected);
      expect(can({ role }, "refund.create", ctx)).toBe(expected === "allow");
    });
  }

  it("a permission without limits ignores the amount", () => {
    expect(decide("finance", "refund.approve", CNY(999_999_999))).toBe("allow");
    expect(decide("agent", "refund.approve", CNY(1))).toBe("deny");
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
