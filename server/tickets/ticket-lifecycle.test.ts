import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, ticketEvents, tickets, users } from "@/db/schema";
import { TICKET_STATUSES, type TicketStatus } from "@/lib/tickets";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { ensureOrders } from "@/test/orders";
import { addTicketMessage } from "./add-ticket-message";
import { assignTicket } from "./assign-ticket";
import { changeTicketPriority } from "./change-ticket-priority";
import { changeTicketStatus } from "./change-ticket-status";
import { createTicket } from "./create-ticket";
import { getTicket } from "./get-ticket";
import { listOrderTickets, listTickets } from "./list-tickets";

const db = useTestDb();
const T0 = new Date("2026-11-20T08:00:00Z");
const at = (m: number) => new Date(T0.getTime() + m * 60_000);
const AGENT_ID = "00000000-0000-4000-8000-0000000000a1";
const MANAGER_ID = "00000000-0000-4000-8000-0000000000a2";
const agent = { id: AGENT_ID, label: "agent@tickets.test", role: "agent" as const };

beforeAll(async () => {
  await db().insert(users).values([
    { id: AGENT_ID, email: "agent@tickets.test", name: "Agent", passwordHash: "x", role: "agent" },
    { id: MANAGER_ID, email: "manager@tickets.test", name: "Manager", passwordHash: "x", role: "manager" },
  ]);
  await ensureOrders(db(), ["TK-ORDER-1"]);
});

const open = (subject = "Paid but not updated") => createTicket(db(), { subject, description: "I paid 20 minutes ago", source: "console", orderNo: "TK-ORDER-1", queue: "cs_l1" }, agent, T0);
const rowOf = async (id: number) => (await db().select().from(tickets).where(eq(tickets.id, id)))[0]!;
const historyOf = async (id: number) => db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, id)).orderBy(asc(ticketEvents.at), asc(ticketEvents.id));

describe("ticket lifecycle", () => {
  it("opens a ticket with a human number, a created entry and an audit row", async () => {
    const t = await open();
    expect(t.number).toBe(`T-2026-${String(t.id).padStart(6, "0")}`);
    const row = await rowOf(t.id);
    expect(row).toMatchObject({ status: "new", priority: "low", queue: "cs_l1", source: "console", orderNo: "TK-ORDER-1", createdBy: "agent@tickets.test" });
    expect((await historyOf(t.id)).map((e) => e.kind)).toEqual(["created"]);
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, t.number));
    expect(audit.map((a) => a.action)).toEqual(["ticket.create"]);
  });

  it("refuses a ticket linked to an order we do not hold", async () => {
    await expect(createTicket(db(), { subject: "x", description: "y", source: "console", orderNo: "TK-NO-SUCH" }, agent, T0)).rejects.toBeInstanceOf(NotFoundError);
  });

  // Hand-written: Zendesk's statuses plus pending approval; nothing returns to new, closed is final, solved
  // reopens, a ticket waits for approval only while being worked and comes back to open (or is resolved).
  const EXPECTED: Record<TicketStatus, TicketStatus[]> = {
    new: ["open", "pending", "pending_approval", "solved", "closed"],
    open: ["pending", "pending_approval", "solved", "closed"],
    pending: ["open", "solved", "closed"],
    pending_approval: ["open", "solved", "closed"],
    solved: ["open", "closed"],
    closed: [],
  };
  const reach: Record<TicketStatus, TicketStatus[]> = { new: [], open: ["open"], pending: ["pending"], pending_approval: ["pending_approval"], solved: ["solved"], closed: ["closed"] };

  for (const from of TICKET_STATUSES) {
    for (const to of TICKET_STATUSES) {
      const allowed = EXPECTED[from].includes(to);
      it(`${from} → ${to} is ${allowed ? "allowed" : "refused"}`, async () => {
        const t = await open();
        for (const step of reach[from]) await changeTicketStatus(db(), t.id, step, agent, at(1));
        const before = (await historyOf(t.id)).length;
        if (allowed) {
          await expect(changeTicketStatus(db(), t.id, to, agent, at(2))).resolves.toMatchObject({ from, to });
          expect((await rowOf(t.id)).status).toBe(to);
          const history = await historyOf(t.id);
          expect(history.at(-1)).toMatchObject({ kind: "status_changed", data: { from, to }, actor: "agent@tickets.test" });
        } else {
          await expect(changeTicketStatus(db(), t.id, to, agent, at(2))).rejects.toBeInstanceOf(ConflictError);
          expect((await rowOf(t.id)).status).toBe(from);
          expect((await historyOf(t.id)).length).toBe(before);
        }
      });
    }
  }

  it("stamps solvedAt on solve, clears it on reopen, and keeps it on close", async () => {
    const t = await open();
    await changeTicketStatus(db(), t.id, "solved", agent, at(5));
    expect((await rowOf(t.id)).solvedAt).toEqual(at(5));
    await changeTicketStatus(db(), t.id, "open", agent, at(6));
    expect((await rowOf(t.id)).solvedAt).toBeNull();
    await changeTicketStatus(db(), t.id, "solved", agent, at(7));
    await changeTicketStatus(db(), t.id, "closed", agent, at(8));
    expect(await rowOf(t.id)).toMatchObject({ solvedAt: at(7), closedAt: at(8), status: "closed" });
  });

  it("the first reply stamps firstResponseAt and opens a new ticket; a note does neither", async () => {
    const t = await open();
    await addTicketMessage(db(), t.id, "note", "checking with the provider", agent, at(1));
    expect(await rowOf(t.id)).toMatchObject({ status: "new", firstResponseAt: null });
    await addTicketMessage(db(), t.id, "reply", "Your payment went through.", agent, at(2));
    await addTicketMessage(db(), t.id, "reply", "Order updated.", agent, at(3));
    expect(await rowOf(t.id)).toMatchObject({ status: "open", firstResponseAt: at(2) });
    const history = await historyOf(t.id);
    expect(history.map((e) => [e.kind, e.public])).toEqual([["created", true], ["note", false], ["reply", true], ["status_changed", false], ["reply", true]]);
    await expect(addTicketMessage(db(), t.id, "reply", "   ", agent, at(4))).rejects.toBeInstanceOf(ValidationError);
  });

  it("assigning opens a new ticket; only people who may work tickets can be assignees", async () => {
    const t = await open();
    await expect(assignTicket(db(), t.id, MANAGER_ID, agent, at(1))).rejects.toBeInstanceOf(ValidationError);
    await assignTicket(db(), t.id, AGENT_ID, agent, at(2));
    expect(await rowOf(t.id)).toMatchObject({ assigneeId: AGENT_ID, status: "open" });
    await assignTicket(db(), t.id, null, agent, at(3));
    expect((await rowOf(t.id)).assigneeId).toBeNull();
    const kinds = (await historyOf(t.id)).map((e) => e.kind);
    expect(kinds).toEqual(["created", "assigned", "status_changed", "assigned"]);
    const audit = await db().select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.entityId, t.number)).orderBy(asc(auditLogs.id));
    expect(audit.map((a) => a.action)).toEqual(["ticket.create", "ticket.assign", "ticket.status", "ticket.assign"]);
  });

  it("priority changes are recorded; a closed ticket changes no more", async () => {
    const t = await open();
    await changeTicketPriority(db(), t.id, "urgent", agent, at(1));
    expect((await rowOf(t.id)).priority).toBe("urgent");
    await changeTicketStatus(db(), t.id, "closed", agent, at(2));
    await expect(changeTicketPriority(db(), t.id, "low", agent, at(3))).rejects.toBeInstanceOf(ConflictError);
    await expect(addTicketMessage(db(), t.id, "reply", "hello", agent, at(3))).rejects.toBeInstanceOf(ConflictError);
    await expect(assignTicket(db(), t.id, AGENT_ID, agent, at(3))).rejects.toBeInstanceOf(ConflictError);
  });

  it("lists the queue by status, filters, mine/unassigned, oldest or newest first, with keyset paging", async () => {
    await db().delete(ticketEvents);
    await db().delete(tickets);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createTicket(db(), { subject: `q${i}`, description: "d", source: i % 2 ? "alert" : "console", queue: i < 3 ? "cs_l1" : "finance", orderNo: "TK-ORDER-1" }, agent, at(i))).id);
    await assignTicket(db(), ids[1]!, AGENT_ID, agent, at(10));
    const subjects = (p: { items: { subject: string }[] }) => p.items.map((i) => i.subject);
    expect(subjects(await listTickets(db(), {}, AGENT_ID))).toEqual(["q0", "q2", "q3", "q4"]);
    expect(subjects(await listTickets(db(), { status: "all", sort: "newest" }, AGENT_ID))).toEqual(["q4", "q3", "q2", "q1", "q0"]);
    expect(subjects(await listTickets(db(), { status: "all", queue: "finance" }, AGENT_ID))).toEqual(["q3", "q4"]);
    expect(subjects(await listTickets(db(), { status: "all", source: "alert" }, AGENT_ID))).toEqual(["q1", "q3"]);
    const mine = await listTickets(db(), { status: "all", assignee: "mine" }, AGENT_ID);
    expect(mine.items).toEqual([expect.objectContaining({ subject: "q1", assignee: "agent@tickets.test", status: "open" })]);
    expect(subjects(await listTickets(db(), { status: "all", assignee: "unassigned" }, AGENT_ID))).toEqual(["q0", "q2", "q3", "q4"]);
    const page1 = await listTickets(db(), { status: "all", limit: 2 }, AGENT_ID);
    const page2 = await listTickets(db(), { status: "all", limit: 2, cursor: page1.nextCursor! }, AGENT_ID);
    expect([...subjects(page1), ...subjects(page2)]).toEqual(["q0", "q1", "q2", "q3"]);
    expect((await listOrderTickets(db(), "TK-ORDER-1")).map((t) => t.subject)).toEqual(["q4", "q3", "q2", "q1", "q0"]);
    const detail = await getTicket(db(), ids[1]!);
    expect(detail.order).toMatchObject({ orderNo: "TK-ORDER-1", status: "CREATED", kind: "not_paid" });
    expect(detail.assignees.map((a) => a.email)).toContain("agent@tickets.test");
    expect(detail.assignees.map((a) => a.email)).not.toContain("manager@tickets.test");
  });
});
