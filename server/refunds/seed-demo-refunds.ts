import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, refunds, users, type Order } from "@/db/schema";
import type { Provider, Role } from "@/lib/enums";
import { arrivalEstimate, newRefundNo, type RefundKind, type RefundReason, type RefundStatus } from "@/lib/refunds";
import { systemActor, writeAudit, type Actor } from "@/server/audit/write-audit";
import { markOrderPaid } from "@/server/orders/mark-order-paid";
import { registerOrder } from "@/server/orders/register-order";
import { moveOrder } from "./execute-refund";
import { requestRefund } from "./request-refund";

/**
 * Orders reserved for e2e/refunds.spec.ts (no other spec or seed touches them): paid sandbox orders.
 * 0001: the agent's over-limit refund (¥88 > ¥50) that a senior agent approves; 0002: the agent's refund
 * within the limit (¥30).
 */
export const REFUND_E2E_ORDERS = [
  { orderNo: "REFUND-E2E-0001", userId: "u-refund-e2e-01", userPhone: "13588880001", amountMinor: 8_800, currency: "CNY", provider: "sandbox", subject: "年卡会员（重复扣款）" },
  { orderNo: "REFUND-E2E-0002", userId: "u-refund-e2e-02", userPhone: "13588880002", amountMinor: 3_000, currency: "CNY", provider: "sandbox", subject: "咖啡兑换券" },
] as const;

/** Demo orders with refunds in every interesting state. */
const DEMO = [
  { orderNo: "REFUND-DEMO-0001", userId: "u-refund-demo-01", userPhone: "13900001111", amountMinor: 19_900, provider: "sandbox", subject: "无线耳机" },
  { orderNo: "REFUND-DEMO-0002", userId: "u-refund-demo-02", userPhone: "13900002222", amountMinor: 4_500, provider: "wechatpay", subject: "电影票 2 张" },
  { orderNo: "REFUND-DEMO-0003", userId: "u-refund-demo-03", userPhone: "13900003333", amountMinor: 12_800, provider: "alipay", subject: "生鲜礼盒" },
  { orderNo: "REFUND-DEMO-0004", userId: "u-refund-demo-04", userPhone: "13900004444", amountMinor: 12_900, provider: "sandbox", subject: "年度会员" },
] as const;

async function paid(db: Db, o: { orderNo: string; userId: string; userPhone: string; amountMinor: number; provider: Provider; subject: string }, paidAt: Date): Promise<Order> {
  const { order } = await registerOrder(db, { orderNo: o.orderNo, userId: o.userId, userPhone: o.userPhone, amountMinor: o.amountMinor, currency: "CNY", provider: o.provider, subject: o.subject });
  if (order.status !== "CREATED") return order;
  const moved = await db.transaction((tx) => markOrderPaid(tx, systemActor("demo-seed"), order, { providerTransactionId: `SBX${o.orderNo.replace(/-/g, "")}`, paidAt, via: "notify" }));
  return moved ?? order;
}

async function person(db: Db, role: Role, fallback: string): Promise<Actor> {
  const [u] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.role, role)).limit(1);
  return u ? { id: u.id, label: u.email, role } : { id: `00000000-0000-4000-8000-00000000${fallback}`, label: `${role}@payops.local`, role };
}

/** A refund already settled at the provider (seeded history: no provider call), moving the order like the job does. */
async function settled(db: Db, order: Order, by: Actor, r: { kind: RefundKind; amountMinor: number; reasonCode: RefundReason; note: string; status: RefundStatus; providerStatus: string; at: Date; approver?: Actor }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(refunds)
      .values({
        refundNo: newRefundNo(r.at),
        orderId: order.id,
        orderNo: order.orderNo,
        provider: order.provider,
        userId: order.userId,
        userPhone: order.userPhone,
        kind: r.kind,
        amountMinor: r.amountMinor,
        currency: order.currency,
        reasonCode: r.reasonCode,
        note: r.note,
        status: r.status,
        flags: r.approver ? ["over_single_limit"] : [],
        requestedBy: by.id!,
        requestedByLabel: by.label,
        requestedByRole: by.role ?? null,
        decidedBy: r.approver?.id ?? null,
        decidedByLabel: r.approver?.label ?? null,
        decidedAt: r.approver ? r.at : null,
        decisionReason: r.approver ? "两笔扣款流水已核对 / both charges confirmed in the statement" : null,
        providerStatus: r.providerStatus,
        providerRefundId: r.kind === "refund" ? `${order.provider.toUpperCase()}-RF-${order.orderNo.slice(-4)}` : null,
        attempts: r.kind === "refund" ? 1 : 0,
        sentAt: r.kind === "refund" ? r.at : null,
        succeededAt: r.status === "succeeded" ? r.at : null,
        arrivalBy: r.status === "succeeded" && r.kind === "refund" ? arrivalEstimate(order.provider, r.at) : null,
        createdAt: r.at,
        updatedAt: r.at,
      })
      .returning();
    await writeAudit(tx, by, { action: "refund.request", entityType: "refund", entityId: row!.refundNo, after: { orderNo: order.orderNo, kind: r.kind, amountMinor: r.amountMinor, seeded: true } });
    if (r.status === "succeeded" && r.kind === "refund") await moveOrder(tx, row!);
  });
}

/**
 * Demo refunds: a partial sandbox refund that succeeded, a WeChat Pay refund still processing, a compensation
 * during the incident, and ONE agent's over-limit request waiting for approval (the demo point).
 * Plus the e2e orders. Idempotent: skipped when the demo orders already have refunds.
 */
export async function seedDemoRefunds(db: Db, opts: { now?: Date } = {}): Promise<{ refunds: number }> {
  const now = opts.now ?? new Date();
  for (const o of REFUND_E2E_ORDERS) await paid(db, o, new Date(now.getTime() - 2 * 3600_000));
  const [first] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNo, DEMO[0].orderNo));
  if (first && (await db.select({ id: refunds.id }).from(refunds).where(eq(refunds.orderId, first.id)).limit(1)).length > 0) return { refunds: 0 };
  const agent = await person(db, "agent", "0a01");
  const senior = await person(db, "senior_agent", "0a02");
  const hours = (h: number) => new Date(now.getTime() - h * 3600_000);
  const [o1, o2, o3, o4] = [await paid(db, DEMO[0], hours(30)), await paid(db, DEMO[1], hours(28)), await paid(db, DEMO[2], hours(26)), await paid(db, DEMO[3], hours(3))];
  await settled(db, o1!, senior, { kind: "refund", amountMinor: 5_000, reasonCode: "charged_twice", note: "用户被扣款两次，退回多扣的 ¥50 / charged twice, returning the extra ¥50", status: "succeeded", providerStatus: "SUCCESS", at: hours(20) });
  await settled(db, o2!, senior, { kind: "refund", amountMinor: 4_500, reasonCode: "deducted_but_failed", note: "支付显示失败但已扣款 / money taken while the payment showed failed", status: "processing", providerStatus: "PROCESSING", at: hours(1) });
  await settled(db, o3!, agent, { kind: "compensation", amountMinor: 1_000, reasonCode: "incident_goodwill", note: "故障期间等待较久，赠送 ¥10 / long wait during the outage, ¥10 goodwill", status: "succeeded", providerStatus: "COMPENSATION_RECORDED", at: hours(5) });
  // The demo point: an agent's refund above ¥50 waits for a senior agent or finance.
  await requestRefund(db, agent, { orderNo: o4!.orderNo, kind: "refund", amountMinor: 12_900, reasonCode: "incident_goodwill", note: "回调故障期间重复下单，用户要求退回整单 / user ordered twice during the callback outage, asks for the whole order back" }, hours(0.5)).catch(() => undefined);
  return { refunds: 4 };
}
