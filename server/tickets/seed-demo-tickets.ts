import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { discrepancies, orders, tickets, users } from "@/db/schema";
import { issueLookupToken } from "@/server/lookup/lookup-token";
import { openSelfServiceTicket } from "@/server/lookup/open-self-service-ticket";
import { addTicketMessage } from "./add-ticket-message";
import { assignTicket } from "./assign-ticket";
import { changeTicketStatus } from "./change-ticket-status";
import { createTicket } from "./create-ticket";
import { mergeTickets } from "./merge-tickets";
import { saveAgentProfile } from "./save-ticket-settings";
import { markSla } from "./sweep-tickets";

const MIN = 60_000;

/**
 * Tickets for the demo and the e2e suite: users who came to the self-service page during the seeded outage
 * (paid but not updated, not paid yet, charged twice), through the same verb the page uses, and one an agent
 * already solved. Runs once after the orders are seeded; a second run finds the open tickets and appends.
 */
export async function seedDemoTickets(db: Db, opts: { now?: Date } = {}): Promise<{ tickets: number }> {
  const now = opts.now ?? new Date();
  await seedAgentProfiles(db, now);
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
  n += await seedConsoleTickets(db, now);
  await markSla(db, now);
  return { tickets: n };
}

const DEMO_PROFILES = [
  { email: "agent@payops.local", skills: ["cs_l1"], capacity: 20, availability: "available" },
  { email: "senior@payops.local", skills: ["cs_l1", "cs_l2"], capacity: 15, availability: "away" },
  { email: "finance@payops.local", skills: ["finance"], capacity: 20, availability: "available" },
  { email: "ops@payops.local", skills: ["ops", "tech"], capacity: 20, availability: "available" },
] as const;

/** The demo's people as agents: first line and finance take tickets, the senior agent is away (their queue waits). */
async function seedAgentProfiles(db: Db, now: Date): Promise<void> {
  for (const p of DEMO_PROFILES) {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, p.email));
    if (u) await saveAgentProfile(db, u.id, { skills: [...p.skills], capacity: p.capacity, availability: p.availability }, { id: null, label: "system:demo" }, now);
  }
}

/**
 * Tickets agents opened from calls and chats, one in every remaining state (pending user, pending approval,
 * closed, merged) and one long past its SLA; sourceRef "demo:…" makes a second run find them instead of
 * opening them again.
 */
async function seedConsoleTickets(db: Db, now: Date): Promise<number> {
  const [agent] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, "agent@payops.local"));
  if (!agent) return 0;
  const actor = { id: agent.id, label: agent.email, role: "agent" as const };
  const [paid] = await db.select({ orderNo: orders.orderNo }).from(orders).where(eq(orders.status, "PAID")).orderBy(asc(orders.orderNo)).limit(1);
  const ago = (m: number) => new Date(now.getTime() - m * MIN);
  const open = (ref: string, m: number, input: Omit<Parameters<typeof createTicket>[1], "source" | "sourceRef">) => createTicket(db, { ...input, source: "console", sourceRef: `demo:${ref}` }, actor, ago(m));
  let n = 0;
  const breaching = await open("breaching", 6 * 60, {
    subject: "来电：支付宝扣款成功，订单仍显示待支付",
    description: "用户来电，称 6 小时前用支付宝付款成功（有扣款短信），订单仍显示待支付，情绪比较着急。",
    type: "paid_not_updated",
    priority: "urgent",
    orderNo: paid?.orderNo,
  });
  if (!breaching.existing) n++;
  const pending = await open("pending", 70, { subject: "Chat: asked for the bank statement line", description: "The user says the card was charged ¥128 but sees no order. Asked them for the bank statement line (time and amount).", type: "failed_but_deducted" });
  if (!pending.existing) {
    n++;
    await addTicketMessage(db, pending.id, "reply", "Thanks for waiting — could you send us the line from your bank statement (time and amount)? We will match it right away.", actor, ago(60));
    await changeTicketStatus(db, pending.id, "pending", actor, ago(59));
  }
  const approval = await open("approval", 50, { subject: "来电：重复扣款 ¥680，申请退款", description: "用户同一订单被扣款两次，每次 ¥680。已核实第二笔为重复扣款，退款超出一线权限，等待审批。", type: "charged_twice", orderNo: paid?.orderNo });
  if (!approval.existing) {
    n++;
    await changeTicketStatus(db, approval.id, "pending_approval", actor, ago(45));
  }
  const closed = await open("closed", 26 * 60, { subject: "来电：询问退款多久到账", description: "用户询问昨天的退款何时到账。已告知原路退回，银行卡 1–3 个工作日。", type: "refund" });
  if (!closed.existing) {
    n++;
    await addTicketMessage(db, closed.id, "reply", "您好，退款已原路退回，银行卡一般 1–3 个工作日到账，请留意银行短信。", actor, ago(25 * 60));
    await changeTicketStatus(db, closed.id, "solved", actor, ago(25 * 60 - 1));
    await changeTicketStatus(db, closed.id, "closed", actor, ago(24 * 60));
  }
  const complaint = await open("complaint", 35, { subject: "投诉：高峰期支付页面反复报“系统繁忙”", description: "用户投诉晚高峰连续三次支付失败，要求说明原因并补偿。需二线客服跟进。", type: "complaint" });
  if (!complaint.existing) n++;
  const dup = await open("duplicate", 20, { subject: "来电：同一用户再次询问待支付订单", description: "同一用户第二次来电询问同一笔订单，与之前的工单重复。", type: "paid_not_updated", orderNo: paid?.orderNo });
  if (!dup.existing) {
    n++;
    await mergeTickets(db, dup.id, breaching.id, actor, ago(19));
  }
  return n;
}
