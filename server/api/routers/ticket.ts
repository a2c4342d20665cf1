import "server-only";
import { PROVIDERS } from "@/lib/enums";
import { z } from "zod";
import { listRangeInput } from "@/lib/list-range";
import { AGENT_AVAILABILITIES, BODY_MAX, SLA_STATES, SUBJECT_MAX, TICKET_RANGE_ON, TICKET_PRIORITIES, TICKET_QUEUES, TICKET_SOURCES, TICKET_STATUSES, TICKET_TYPES } from "@/lib/tickets";
import { maskPhone } from "@/server/auth/mask-phone";
import { cursorInput } from "@/server/lib/keyset";
import { forRole } from "@/server/privacy/present-for-role";
import { addTicketMessage } from "@/server/tickets/add-ticket-message";
import { getAgentProfile } from "@/server/tickets/agent-profile";
import { assignTicket } from "@/server/tickets/assign-ticket";
import { changeTicketPriority } from "@/server/tickets/change-ticket-priority";
import { changeTicketStatus } from "@/server/tickets/change-ticket-status";
import { changeTicketType } from "@/server/tickets/change-ticket-type";
import { createTicket } from "@/server/tickets/create-ticket";
import { getTicket, listAssignees, ticketIdByNumber } from "@/server/tickets/get-ticket";
import { countTickets, listOrderTickets, listTickets } from "@/server/tickets/list-tickets";
import { mergeTickets } from "@/server/tickets/merge-tickets";
import { openTicketFrom } from "@/server/tickets/open-ticket-from";
import { setAvailability } from "@/server/tickets/set-availability";
import { deleteTicketView, listTicketViews, saveTicketView } from "@/server/tickets/ticket-views";
import { transferTicket } from "@/server/tickets/transfer-ticket";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
const ids = z.array(id).min(1).max(200);
const orderNo = z.string().trim().min(1).max(64);

const filters = {
  queue: z.enum(TICKET_QUEUES).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  source: z.enum(TICKET_SOURCES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  sla: z.enum(SLA_STATES).optional(),
  assignee: z.union([z.enum(["any", "mine", "unassigned"]), z.uuid()]).optional(),
  /** The desk's "My tickets" (api.md). */
  mine: z.boolean().optional(),
  /** ?from=&to=: created in that window (the KPI dashboard's drill-down); &on=resolved|breached: resolved or SLA-breached in it. */
  range: listRangeInput.optional(),
  rangeOn: z.enum(TICKET_RANGE_ON).optional(),
  /** ?provider=: tickets about an order of that provider (the dashboard filtered to one provider). */
  provider: z.enum(PROVIDERS).optional(),
};

/** Runs one verb per ticket (each its own transaction, audit and history); refusals are counted, not fatal. */
async function each(list: number[], run: (id: number) => Promise<unknown>): Promise<{ ok: number; failed: { id: number; message: string }[] }> {
  const failed: { id: number; message: string }[] = [];
  let ok = 0;
  for (const t of list) {
    try {
      await run(t);
      ok++;
    } catch (e) {
      failed.push({ id: t, message: e instanceof Error && "code" in e ? e.message : "failed" });
    }
  }
  return { ok, failed };
}

export const ticketRouter = router({
  list: procedureFor("ticket.read")
    .input(
      z.object({
        status: z.enum([...TICKET_STATUSES, "all", "active"]).optional(),
        ...filters,
        sort: z.enum(["oldest", "newest"]).optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listTickets(ctx.db, input, ctx.user.id);
      return { ...page, items: page.items.map((t) => ({ ...t, subject: forRole(t.subject, ctx.user.role) })) };
    }),

  counts: procedureFor("ticket.read")
    .input(z.object(filters))
    .query(({ ctx, input }) => countTickets(ctx.db, input, ctx.user.id)),

  get: procedureFor("ticket.read")
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const detail = await getTicket(ctx.db, input.id);
      // Subjects, descriptions and messages are free text: a phone number a user typed into one is masked like
      // any other copy of personal data, and so is the shop's user id (shops use phone numbers as ids). The
      // requester's phone is stored masked already; assignees and actors are colleagues, shown as they are.
      const role = ctx.user.role;
      return {
        ...detail,
        ticket: { ...detail.ticket, ...forRole({ subject: detail.ticket.subject, description: detail.ticket.description, requesterUserId: detail.ticket.requesterUserId }, role) },
        events: detail.events.map((e) => ({ ...e, body: forRole(e.body, role) })),
      };
    }),

  /** People tickets may be assigned to (the bulk bar's "Assign to"). */
  assignees: procedureFor("ticket.read")
    .input(z.object({}))
    .query(({ ctx }) => listAssignees(ctx.db)),

  forOrder: procedureFor("ticket.read")
    .input(z.object({ orderNo }))
    .query(async ({ ctx, input }) => (await listOrderTickets(ctx.db, input.orderNo)).map((t) => ({ ...t, subject: forRole(t.subject, ctx.user.role) }))),

  /** An agent opens a ticket from a call or a chat; queue and priority are computed unless chosen. */
  create: procedureFor("ticket.update")
    .input(
      z.object({
        subject: z.string().trim().min(1).max(SUBJECT_MAX),
        description: z.string().trim().min(1).max(BODY_MAX),
        orderNo: orderNo.optional(),
        type: z.enum(TICKET_TYPES).optional(),
        queue: z.enum(TICKET_QUEUES).optional(),
        priority: z.enum(TICKET_PRIORITIES).optional(),
        requesterUserId: z.string().trim().min(1).max(64).optional(),
        requesterPhone: z.string().trim().regex(/^\+?[\d\s-]{5,20}$/).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { requesterPhone, ...rest } = input;
      return createTicket(ctx.db, { ...rest, source: "console", requesterPhoneMasked: requesterPhone ? maskPhone(requesterPhone.replace(/[\s-]/g, "")) : null }, ctx.actor);
    }),

  /** "Open ticket" on a discrepancy, an alert or an incident (one ticket per thing). */
  openFrom: procedureFor("ticket.update")
    .input(z.object({ kind: z.enum(["discrepancy", "alert", "incident"]), id, subject: z.string().trim().min(1).max(SUBJECT_MAX), queue: z.enum(["ops", "tech", "finance"]).optional() }))
    .mutation(({ ctx, input }) => openTicketFrom(ctx.db, { kind: input.kind, id: input.id }, { subject: input.subject, queue: input.queue }, ctx.actor)),

  addMessage: procedureFor("ticket.update")
    .input(z.object({ id, kind: z.enum(["reply", "note"]), text: z.string().trim().min(1).max(BODY_MAX) }))
    .mutation(({ ctx, input }) => addTicketMessage(ctx.db, input.id, input.kind, input.text, ctx.actor)),

  setStatus: procedureFor("ticket.update")
    .input(z.object({ id, status: z.enum(TICKET_STATUSES) }))
    .mutation(({ ctx, input }) => changeTicketStatus(ctx.db, input.id, input.status, ctx.actor)),

  setPriority: procedureFor("ticket.update")
    .input(z.object({ id, priority: z.enum(TICKET_PRIORITIES) }))
    .mutation(({ ctx, input }) => changeTicketPriority(ctx.db, input.id, input.priority, ctx.actor)),

  setType: procedureFor("ticket.update")
    .input(z.object({ id, type: z.enum(TICKET_TYPES) }))
    .mutation(({ ctx, input }) => changeTicketType(ctx.db, input.id, input.type, ctx.actor)),

  /** Take a ticket yourself. */
  take: procedureFor("ticket.update")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => assignTicket(ctx.db, input.id, ctx.user.id, ctx.actor)),

  /** Assign anyone (or nobody): senior agents, ops and admins route work. */
  assign: procedureFor("ticket.assign")
    .input(z.object({ id, assignee: z.union([z.literal("me"), z.uuid(), z.null()]) }))
    .mutation(({ ctx, input }) => assignTicket(ctx.db, input.id, input.assignee === "me" ? ctx.user.id : input.assignee, ctx.actor)),

  transfer: procedureFor("ticket.assign")
    .input(z.object({ id, queue: z.enum(TICKET_QUEUES) }))
    .mutation(({ ctx, input }) => transferTicket(ctx.db, input.id, input.queue, ctx.actor)),

  /** Merge a duplicate into another ticket, named by id or by the number people quote (T-2026-000123). */
  merge: procedureFor("ticket.assign")
    .input(z.object({ id, into: z.union([id, z.string().regex(/^T-\d{4}-\d{6}$/)]) }))
    .mutation(async ({ ctx, input }) => mergeTickets(ctx.db, input.id, typeof input.into === "number" ? input.into : await ticketIdByNumber(ctx.db, input.into), ctx.actor)),

  /** Bulk status or priority on the selected tickets (each through its verb). */
  bulkUpdate: procedureFor("ticket.update")
    .input(z.object({ ids, status: z.enum(TICKET_STATUSES).optional(), priority: z.enum(TICKET_PRIORITIES).optional() }))
    .mutation(({ ctx, input }) =>
      each(input.ids, async (t) => {
        if (input.priority) await changeTicketPriority(ctx.db, t, input.priority, ctx.actor);
        if (input.status) await changeTicketStatus(ctx.db, t, input.status, ctx.actor);
      }),
    ),

  /** Bulk assign or transfer the selected tickets. */
  bulkAssign: procedureFor("ticket.assign")
    .input(z.object({ ids, assignee: z.union([z.uuid(), z.null()]).optional(), queue: z.enum(TICKET_QUEUES).optional() }))
    .mutation(({ ctx, input }) =>
      each(input.ids, async (t) => {
        if (input.queue) await transferTicket(ctx.db, t, input.queue, ctx.actor);
        if (input.assignee !== undefined) await assignTicket(ctx.db, t, input.assignee, ctx.actor);
      }),
    ),

  views: procedureFor("ticket.read")
    .input(z.object({}))
    .query(({ ctx }) => listTicketViews(ctx.db, ctx.user.id)),

  saveView: procedureFor("ticket.read")
    .input(z.object({ name: z.string().trim().min(1).max(60), filters: z.record(z.string(), z.string().max(64)) }))
    .mutation(({ ctx, input }) => saveTicketView(ctx.db, ctx.user.id, input.name, input.filters)),

  deleteView: procedureFor("ticket.read")
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      await deleteTicketView(ctx.db, ctx.user.id, input.id);
      return { id: input.id };
    }),

  myAvailability: procedureFor("ticket.update")
    .input(z.object({}))
    .query(({ ctx }) => getAgentProfile(ctx.db, ctx.user.id)),

  setAvailability: procedureFor("ticket.update")
    .input(z.object({ availability: z.enum(AGENT_AVAILABILITIES) }))
    .mutation(({ ctx, input }) => setAvailability(ctx.db, ctx.user, input.availability, ctx.actor)),
});
