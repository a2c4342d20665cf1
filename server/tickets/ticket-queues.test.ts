import { asc, eq, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { agentProfiles, alerts, auditLogs, discrepancies, orders, ticketEvents, tickets, users } from "@/db/schema";
import type { TicketQueue } from "@/lib/tickets";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { addTicketMessage } from "./add-ticket-message";
import { changeTicketStatus } from "./change-ticket-status";
import { createTicket } from "./create-ticket";
import { getTicket } from "./get-ticket";
import { mergeTickets } from "./merge-tickets";
import { openTicketFrom, openTicketsForHighRiskDiscrepancies } from "./open-ticket-from";
import { saveAgentProfile } from "./save-ticket-settings";
import { setAvailability } from "./set-availability";
import { assignBacklog, markSla } from "./sweep-tickets";
import { transferTicket } from "./transfer-ticket";

const db = useTestDb();
// Shanghai wall-clock (UTC+8); 2026-11-20 is a Friday. Business hours: 09:00–21:00 every day (the default).
const sh = (local: string) => new Date(`${local}+08:00`);
const T0 = sh("2026-11-20T10:00");
const at = (m: number) => new Date(T0.getTime() + m * 60_000);
const uid = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, "0")}`;
const A1 = uid(1);
const A2 = uid(2);
const S1 = uid(3);
const F1 = uid(4);
const M1 = uid(5);
const lead = { id: S1, label: "senior@q.test", role: "senior_agent" as const };
const admin = { id: null, label: "admin@q.test" };

beforeAll(async () => {
  await db().insert(users).values([
    { id: A1, email: "a1@q.test", name: "A1", passwordHash: "x", role: "agent" },
    { id: A2, email: "a2@q.test", name: "A2", passwordHash: "x", role: "agent" },
    { id: S1, email: "senior@q.test", name: "S1", passwordHash: "x", role: "senior_agent" },
    { id: F1, email: "finance@q.test", name: "F1", passwordHash: "x", role: "finance" },
    { id: M1, email: "manager@q.test", name: "M1", passwordHash: "x", role: "manager" },
  ]);
  await db().insert(orders).values([
    { orderNo: "Q-SMALL", userId: "u-small", amountMinor: 20_00, currency: "CNY", provider: "sandbox", status: "PAID", createdAt: T0, paidAt: T0 },
    { orderNo: "Q-BIG", userId: "u-vip", amountMinor: 800_00, currency: "CNY", provider: "sandbox", status: "PAID", createdAt: T0, paidAt: T0 },
  ]);
});

beforeEach(async () => {
  await db().update(tickets).set({ mergedIntoId: null });
  await db().delete(ticketEvents);
  await db().delete(tickets);
  await db().delete(agentProfiles);
  await db().delete(discrepancies);
});

const profile = (userId: string, skills: TicketQueue[], capacity: number, availability: "available" | "away" = "available") => saveAgentProfile(db(), userId, { skills, capacity, availability }, admin, T0);
const open = (subject: string, extra: Partial<Parameters<typeof createTicket>[1]> = {}, now = T0) =>
  createTicket(db(), { subject, description: "from a call", source: "console", type: "paid_not_updated", orderNo: "Q-SMALL", ...extra }, lead, now);
const rowOf = async (id: number) => (await db().select().from(tickets).where(eq(tickets.id, id)))[0]!;
const kindsOf = async (id: number) => (await db().select({ kind: ticketEvents.kind }).from(ticketEvents).where(eq(ticketEvents.ticketId, id)).orderBy(asc(ticketEvents.id))).map((e) => e.kind);

describe("routing and priority on creation", () => {
  it("routes by type and computes the priority from amount and VIP", async () => {
    const small = await open("small");
    expect(await rowOf(small.id)).toMatchObject({ queue: "cs_l1", type: "paid_not_updated", priority: "normal", status: "new", assigneeId: null });
    const charged = await open("twice", { type: "charged_twice", orderNo: "Q-BIG" });
    expect(await rowOf(charged.id)).toMatchObject({ queue: "finance", priority: "high" });
    await db().execute(`insert into vip_customers (user_id, added_by) values ('u-vip', 'test') on conflict do nothing`);
    const vip = await open("vip", { type: "charged_twice", orderNo: "Q-BIG" });
    expect(await rowOf(vip.id)).toMatchObject({ priority: "urgent" });
    const chosen = await open("chosen", { priority: "low", queue: "tech" });
    expect(await rowOf(chosen.id)).toMatchObject({ priority: "low", queue: "tech" });
  });
});

describe("automatic assignment", () => {
  it("least loaded first, round robin among equals, within capacity and skill; away agents get nothing", async () => {
    await profile(A1, ["cs_l1"], 2);
    await profile(A2, ["cs_l1"], 2);
    await profile(S1, ["cs_l1", "cs_l2"], 5, "away");
    await profile(F1, ["finance"], 5);
    const got: (string | null)[] = [];
    for (let i = 0; i < 5; i++) got.push((await open(`t${i}`, {}, at(i))).assigneeId);
    // equal load: A1 (lowest id) then A2; then the one assigned longest ago; the fifth finds everyone full
    expect(got).toEqual([A1, A2, A1, A2, null]);
    const refund = await open("refund", { type: "refund" }, at(6));
    expect(refund.assigneeId).toBe(F1);
    const complaint = await open("complaint", { type: "complaint" }, at(7));
    expect(complaint.assigneeId).toBeNull();
    expect(await rowOf((await db().select({ id: tickets.id }).from(tickets).where(eq(tickets.subject, "t0")))[0]!.id)).toMatchObject({ status: "open", assigneeId: A1 });
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.actorLabel, "system:auto-assign"));
    expect(audit.filter((a) => a.action === "ticket.assign").length).toBeGreaterThanOrEqual(5);

    // S1 comes back: the backlog (the fifth cs_l1 ticket and the complaint) goes to them at once
    const back = await setAvailability(db(), { id: S1, role: "senior_agent" }, "available", lead, at(10));
    expect(back.assigned).toBe(2);
    const waiting = await db().select({ subject: tickets.subject, assigneeId: tickets.assigneeId }).from(tickets).where(inArray(tickets.subject, ["t4", "complaint"]));
    expect(waiting.map((w) => w.assigneeId)).toEqual([S1, S1]);
  });

  it("the backlog sweep assigns the most urgent first when an agent has room again", async () => {
    const low = await open("low", { priority: "low" }, at(0));
    const urgent = await open("urgent", { priority: "urgent" }, at(1));
    await profile(A1, ["cs_l1"], 1);
    expect(await assignBacklog(db(), at(2))).toEqual({ assigned: 1, waiting: 1 });
    expect((await rowOf(urgent.id)).assigneeId).toBe(A1);
    expect((await rowOf(low.id)).assigneeId).toBeNull();
    await changeTicketStatus(db(), urgent.id, "solved", lead, at(3));
    expect(await assignBacklog(db(), at(4))).toEqual({ assigned: 1, waiting: 0 });
    expect((await rowOf(low.id)).assigneeId).toBe(A1);
  });

  it("only people who may work tickets get a profile", async () => {
    await expect(saveAgentProfile(db(), M1, { skills: ["cs_l1"], capacity: 5, availability: "available" }, admin, T0)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("SLA in business hours", () => {
  it("due times skip the night; pending user pauses the resolution clock and resumes with the time that was left", async () => {
    // high: first response 60, resolution 480 business minutes; opened Friday 20:30
    const t = await open("sla", { priority: "high" }, sh("2026-11-20T20:30"));
    expect(await rowOf(t.id)).toMatchObject({ firstResponseDueAt: sh("2026-11-21T09:30"), resolutionDueAt: sh("2026-11-21T16:30") });
    expect(await markSla(db(), sh("2026-11-21T09:10"))).toEqual({ atRisk: 1, breached: 0 });
    expect((await rowOf(t.id)).slaState).toBe("at_risk");
    await addTicketMessage(db(), t.id, "reply", "We are checking with the provider.", lead, sh("2026-11-21T09:20"));
    await changeTicketStatus(db(), t.id, "pending", lead, sh("2026-11-21T10:00"));
    expect(await markSla(db(), sh("2026-11-21T18:00"))).toEqual({ atRisk: 0, breached: 0 });
    // 390 business minutes were left at 10:00; the user answers at 20:00: 60 today, 330 on Sunday → 14:30
    await changeTicketStatus(db(), t.id, "open", lead, sh("2026-11-21T20:00"));
    expect(await rowOf(t.id)).toMatchObject({ slaPausedAt: null, pendingSeconds: 10 * 3600, resolutionDueAt: sh("2026-11-22T14:30"), slaState: "ok" });
    expect(await markSla(db(), sh("2026-11-22T14:31"))).toEqual({ atRisk: 0, breached: 1 });
    expect(await markSla(db(), sh("2026-11-22T14:32"))).toEqual({ atRisk: 0, breached: 1 });
    expect((await kindsOf(t.id)).filter((k) => k.startsWith("sla_"))).toEqual(["sla_at_risk", "sla_breached"]);
  });
});

describe("first-contact resolution and handle time", () => {
  it("one reply and no reopening is FCR; handle time leaves out the wait on the user", async () => {
    const t = await open("fcr", {}, sh("2026-11-20T20:30"));
    await addTicketMessage(db(), t.id, "reply", "Your order is complete now.", lead, sh("2026-11-20T20:40"));
    await changeTicketStatus(db(), t.id, "pending", lead, sh("2026-11-20T20:41"));
    await changeTicketStatus(db(), t.id, "open", lead, sh("2026-11-21T08:41"));
    await changeTicketStatus(db(), t.id, "solved", lead, sh("2026-11-21T09:00"));
    // 12h30 opened → resolved, 12h of it pending user
    expect(await rowOf(t.id)).toMatchObject({ firstContactResolution: true, handleSeconds: 30 * 60, agentReplyCount: 1, reopenCount: 0 });
    await changeTicketStatus(db(), t.id, "open", lead, sh("2026-11-21T09:10"));
    expect(await rowOf(t.id)).toMatchObject({ firstContactResolution: null, handleSeconds: null, reopenCount: 1 });
    await changeTicketStatus(db(), t.id, "solved", lead, sh("2026-11-21T09:20"));
    expect(await rowOf(t.id)).toMatchObject({ firstContactResolution: false, handleSeconds: 50 * 60 });
  });

  it("two replies are not a first-contact resolution", async () => {
    const t = await open("two", {}, T0);
    await addTicketMessage(db(), t.id, "reply", "Checking.", lead, at(1));
    await addTicketMessage(db(), t.id, "reply", "Done.", lead, at(2));
    await changeTicketStatus(db(), t.id, "solved", lead, at(3));
    expect(await rowOf(t.id)).toMatchObject({ firstContactResolution: false, handleSeconds: 180 });
  });
});

describe("transfer and merge", () => {
  it("a transfer releases the assignee and the new queue's agent takes it", async () => {
    await profile(A1, ["cs_l1"], 5);
    await profile(F1, ["finance"], 5);
    const t = await open("move");
    expect(t.assigneeId).toBe(A1);
    const moved = await transferTicket(db(), t.id, "finance", lead, at(1));
    expect(moved.assigneeId).toBe(F1);
    expect(await rowOf(t.id)).toMatchObject({ queue: "finance", assigneeId: F1 });
    expect(await kindsOf(t.id)).toContain("queue_changed");
    const audit = await db().select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.entityId, (await rowOf(t.id)).number));
    expect(audit.map((a) => a.action)).toContain("ticket.transfer");
  });

  it("merging closes the duplicate with a link; its history shows on the target", async () => {
    const keep = await open("keep");
    const dup = await open("dup", {}, at(1));
    await addTicketMessage(db(), dup.id, "note", "same user called again", lead, at(2));
    await mergeTickets(db(), dup.id, keep.id, lead, at(3));
    expect(await rowOf(dup.id)).toMatchObject({ status: "closed", mergedIntoId: keep.id });
    const detail = await getTicket(db(), keep.id);
    expect(detail.mergedFrom).toEqual([{ id: dup.id, number: dup.number }]);
    expect(detail.events.filter((e) => e.ticketId === dup.id).map((e) => e.body)).toContain("same user called again");
    expect(detail.events.map((e) => e.kind)).toContain("merged_from");
    expect((await getTicket(db(), dup.id)).mergedInto).toEqual({ id: keep.id, number: keep.number });
    await expect(mergeTickets(db(), keep.id, keep.id, lead, at(4))).rejects.toBeInstanceOf(ValidationError);
    await expect(mergeTickets(db(), keep.id, dup.id, lead, at(4))).rejects.toBeInstanceOf(ConflictError);
    const audit = await db().select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.entityId, dup.number));
    expect(audit.map((a) => a.action)).toContain("ticket.merge");
  });
});

describe("tickets from discrepancies", () => {
  const discrepancy = async (risk: "high" | "low") =>
    (await db().insert(discrepancies).values({ type: "duplicate_payment", risk, provider: "sandbox", orderNo: "Q-BIG", providerTransactionId: `tx-${risk}-${Math.random()}`, ourFacts: {}, providerFacts: {} }).returning())[0]!;

  it("one ticket per discrepancy to finance, however often asked; high-risk ones open by themselves", async () => {
    const low = await discrepancy("low");
    const first = await openTicketFrom(db(), { kind: "discrepancy", id: low.id }, { subject: "Discrepancy" }, lead, T0);
    const again = await openTicketFrom(db(), { kind: "discrepancy", id: low.id }, { subject: "Discrepancy" }, lead, at(1));
    expect(again).toMatchObject({ id: first.id, existing: true });
    expect(await rowOf(first.id)).toMatchObject({ source: "discrepancy", queue: "finance", type: "charged_twice", orderNo: "Q-BIG", sourceRef: `discrepancy:${low.id}` });
    const high = await discrepancy("high");
    expect(await openTicketsForHighRiskDiscrepancies(db(), at(2))).toEqual({ opened: 1 });
    expect(await openTicketsForHighRiskDiscrepancies(db(), at(3))).toEqual({ opened: 0 });
    const [auto] = await db().select().from(tickets).where(eq(tickets.sourceRef, `discrepancy:${high.id}`));
    expect(auto).toMatchObject({ queue: "finance", priority: "urgent", createdBy: "system:tickets" });
  });

  it("one ticket per alert, to ops, its priority from the alert's severity", async () => {
    const [alert] = await db()
      .insert(alerts)
      .values({ ruleKey: "callback-failure-high", metric: "callback_failure_rate", provider: "alipay", severity: "critical", status: "firing", fingerprint: "t-alert", onsetAt: T0, lastEvaluatedMinute: T0 })
      .returning();
    const first = await openTicketFrom(db(), { kind: "alert", id: alert!.id }, { subject: "Alert" }, lead, T0);
    expect(await openTicketFrom(db(), { kind: "alert", id: alert!.id }, { subject: "Alert" }, lead, at(1))).toMatchObject({ id: first.id, existing: true });
    expect(await rowOf(first.id)).toMatchObject({ source: "alert", queue: "ops", sourceRef: `alert:${alert!.id}` });
    await expect(openTicketFrom(db(), { kind: "alert", id: 987654 }, { subject: "Alert" }, lead, T0)).rejects.toThrow("alert not found");
  });
});
