import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { incidents, orders, refunds, tickets } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { createCaller } from "../root";

// The KPI dashboard filtered to one provider opens its lists filtered the same way (issue 12): refunds by their
// provider, tickets by the provider of the order they are about, incidents of that provider plus the
// platform-wide ones ("*"), as server/kpi counts them. The filter composes with the window, the tabs and the pager.
const getDb = useTestDb();
const admin = () => createCaller({ user: { id: randomUUID(), email: "admin@provider.test", name: "admin", role: "admin", locale: null }, requestId: "provider" });

const at = new Date("2031-05-06T08:00:00.000Z");
const later = new Date("2031-05-07T08:00:00.000Z");

beforeAll(async () => {
  const db = getDb();
  const made = await db
    .insert(orders)
    .values([
      { orderNo: "PF-ALI-1", userId: "u-pf", amountMinor: 10_000, currency: "CNY", provider: "alipay" as const, status: "PAID" as const },
      { orderNo: "PF-ALI-2", userId: "u-pf", amountMinor: 20_000, currency: "CNY", provider: "alipay" as const, status: "PAID" as const },
      { orderNo: "PF-STR-1", userId: "u-pf", amountMinor: 30_000, currency: "CNY", provider: "stripe" as const, status: "PAID" as const },
    ])
    .returning({ id: orders.id, orderNo: orders.orderNo, provider: orders.provider });
  await db.insert(refunds).values(
    made.map((o, i) => ({
      refundNo: `PF-RF-${o.orderNo}`, orderId: o.id, orderNo: o.orderNo, provider: o.provider, userId: "u-pf", kind: "refund" as const, amountMinor: 100, currency: "CNY",
      reasonCode: "charged_twice" as const, status: "pending_approval" as const, requestedBy: "agent-1", requestedByLabel: "Agent", createdAt: i === 1 ? later : at,
    })),
  );
  const ticket = (number: string, orderNo: string | null, status: "new" | "open", createdAt: Date) => ({
    number, subject: number, description: "provider", source: "console" as const, createdBy: "provider@test", type: "paid_not_updated" as const, status, orderNo, createdAt, updatedAt: createdAt,
  });
  await db.insert(tickets).values([
    ticket("PF-T-ALI-1", "PF-ALI-1", "new", at),
    ticket("PF-T-ALI-2", "PF-ALI-2", "open", later),
    ticket("PF-T-STR-1", "PF-STR-1", "new", at),
    // about no order: under no provider
    ticket("PF-T-NONE", null, "open", at),
  ]);
  const incident = (title: string, provider: string, openedAt: Date) => ({
    title, severity: "critical" as const, status: "resolved" as const, provider, onsetAt: openedAt, openedBy: "provider@test", openedAt, resolvedAt: new Date(openedAt.getTime() + 3_600_000), createdAt: openedAt,
  });
  await db.insert(incidents).values([incident("PF alipay", "alipay", at), incident("PF stripe", "stripe", at), incident("PF platform", "*", later), incident("PF wechat", "wechatpay", later)]);
});

const mine = <T extends { number?: string; refundNo?: string; title?: string }>(items: T[], prefix: string) =>
  items.map((i) => i.number ?? i.refundNo ?? i.title ?? "").filter((n) => n.startsWith(prefix)).sort();

describe("refund.list with a provider", () => {
  it("lists that provider's refunds only, and all of them without one", async () => {
    expect(mine((await admin().refund.list({ queue: "all", provider: "alipay" })).items, "PF-RF-")).toEqual(["PF-RF-PF-ALI-1", "PF-RF-PF-ALI-2"]);
    expect(mine((await admin().refund.list({ queue: "all", provider: "stripe" })).items, "PF-RF-")).toEqual(["PF-RF-PF-STR-1"]);
    expect(mine((await admin().refund.list({ queue: "all", provider: "sandbox" })).items, "PF-RF-")).toEqual([]);
    expect(mine((await admin().refund.list({ queue: "all" })).items, "PF-RF-")).toEqual(["PF-RF-PF-ALI-1", "PF-RF-PF-ALI-2", "PF-RF-PF-STR-1"]);
  });

  it("composes with the window and the pager", async () => {
    const range = { from: at, to: new Date(at.getTime() + 1) };
    expect(mine((await admin().refund.list({ queue: "pending_approval", provider: "alipay", range })).items, "PF-RF-")).toEqual(["PF-RF-PF-ALI-1"]);
    const first = await admin().refund.list({ queue: "all", provider: "alipay", limit: 1 });
    const second = await admin().refund.list({ queue: "all", provider: "alipay", limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((r) => r.refundNo)).toEqual(["PF-RF-PF-ALI-2", "PF-RF-PF-ALI-1"]);
  });

  it("refuses a provider that is not one", async () => {
    await expect(admin().refund.list({ queue: "all", provider: "paypal" as never })).rejects.toThrow();
  });
});

describe("ticket.list and ticket.counts with a provider", () => {
  it("lists the tickets about that provider's orders; a ticket about no order is under no provider", async () => {
    expect(mine((await admin().ticket.list({ status: "all", provider: "alipay", limit: 200 })).items, "PF-T-")).toEqual(["PF-T-ALI-1", "PF-T-ALI-2"]);
    expect(mine((await admin().ticket.list({ status: "all", provider: "stripe", limit: 200 })).items, "PF-T-")).toEqual(["PF-T-STR-1"]);
    expect(mine((await admin().ticket.list({ status: "all", limit: 200 })).items, "PF-T-")).toEqual(["PF-T-ALI-1", "PF-T-ALI-2", "PF-T-NONE", "PF-T-STR-1"]);
  });

  it("composes with a status tab and the window, and the tab counts follow", async () => {
    expect(mine((await admin().ticket.list({ status: "new", provider: "alipay" })).items, "PF-T-")).toEqual(["PF-T-ALI-1"]);
    expect(mine((await admin().ticket.list({ status: "all", provider: "alipay", range: { from: later, to: new Date(later.getTime() + 1) } })).items, "PF-T-")).toEqual(["PF-T-ALI-2"]);
    const counts = await admin().ticket.counts({ provider: "alipay", type: "paid_not_updated" });
    const unfiltered = await admin().ticket.counts({ type: "paid_not_updated" });
    // this file's only paid_not_updated tickets are the four above
    expect({ new: counts.new, open: counts.open }).toEqual({ new: 1, open: 1 });
    expect({ new: unfiltered.new, open: unfiltered.open }).toEqual({ new: 2, open: 2 });
  });
});

describe("incident.list with a provider", () => {
  it("lists that provider's incidents and the platform-wide ones, as the dashboard counts them", async () => {
    expect(mine((await admin().incident.list({ status: "all", provider: "alipay" })).items, "PF ")).toEqual(["PF alipay", "PF platform"]);
    expect(mine((await admin().incident.list({ status: "all", provider: "wechatpay" })).items, "PF ")).toEqual(["PF platform", "PF wechat"]);
    expect(mine((await admin().incident.list({ status: "all" })).items, "PF ")).toEqual(["PF alipay", "PF platform", "PF stripe", "PF wechat"]);
  });

  it("composes with the window", async () => {
    const range = { from: at, to: new Date(at.getTime() + 1) };
    expect(mine((await admin().incident.list({ status: "all", provider: "alipay", range })).items, "PF ")).toEqual(["PF alipay"]);
  });
});
