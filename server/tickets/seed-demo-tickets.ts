import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { discrepancies, orders, tickets, users } from "@/db/schema";
import { issueLookupToken } from "@/server/lookup/lookup-token";
import { openSelfServiceTicket } from "@/server/lookup/open-self-service-ticket";
import { addTicketMessage } from "./add-ticket-message";
import { assignTicket } from "./assign-ticket";
import { changeTicketStatus } from "./change-ticket-status";

const MIN = 60_000;

/**
 * Tickets for the demo and the e2e suite: users who came to the self-service page during the seeded outage
 * (paid but not updated, not paid yet, charged twice), through the same verb the page uses, and one an agent
 * already solved. Runs once after the orders are seeded; a second run finds the open tickets and appends.
 */
export async function seedDemoTickets(db: Db, opts: { now?: Date } = {}): Promise<{ tickets: number }> {
  const now = opts.now ?? new Date();
  const pick = async (status: "PAID" | "CREATED" | "FULFILLED") =>
    (await db.select({ orderNo: orders.orderNo, phone: orders.userPhone }).from(orders).where(and(eq(orders.status, status), sql`${orders.userPhone} is not null`)).orderBy(asc(orders.orderNo)).limit(1))[0];
  const [twice] = await db
    .select({ orderNo: orders.orderNo, phone: orders.userPhone })
    .from(discrepancies)
    .innerJoin(orders, eq(orders.orderNo, discrepancies.orderNo))
    .where(and(eq(discrepancies.type, "duplicate_payment"), eq(discrepancies.status, "open")))
    .limit(1);
  const plan = [
    { order: await pick("PAID"), at: 40, text: "付款成功了，但订单一直显示未支付，已经等了半小时。" },
    { order: await pick("CREATED"), at: 25, text: "I paid with WeChat Pay but the order still says unpaid. Was I charged?" },
    { order: twice, at: 12, text: "同一个订单扣了我两次钱，请帮忙退款。" },
    { order: await pick("FULFILLED"), at: 90, text: "订单完成了吗？页面没有刷新。", solve: true },
  ];
  const [agent] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, "agent@payops.local"));
  let n = 0;
  for (const p of plan) {
    if (!p.order?.phone) continue;
    const last4 = p.order.phone.replace(/\D/g, "").slice(-4);
    const at = new Date(now.getTime() - p.at * MIN);
    const r = await openSelfServiceTicket(
      db,
      { orderNo: p.order.orderNo, phoneLast4: last4, token: issueLookupToken(p.order.orderNo, last4, at), description: p.text, contactPreference: "sms", subject: `订单 ${p.order.orderNo} 的付款问题` },
      at,
    );
    if (r.outcome !== "created") continue;
    n++;
    if (p.solve && agent) {
      const actor = { id: agent.id, label: agent.email, role: "agent" as const };
      const [ticket] = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, r.number));
      const id = ticket!.id;
      await assignTicket(db, id, agent.id, actor, new Date(at.getTime() + 3 * MIN));
      await addTicketMessage(db, id, "reply", "您好，订单已支付成功并已完成，页面刷新后即可看到。感谢您的耐心！", actor, new Date(at.getTime() + 4 * MIN));
      await changeTicketStatus(db, id, "solved", actor, new Date(at.getTime() + 5 * MIN));
    }
  }
  return { tickets: n };
}
