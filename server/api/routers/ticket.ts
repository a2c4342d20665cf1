import "server-only";
import { z } from "zod";
import { BODY_MAX, SUBJECT_MAX, TICKET_PRIORITIES, TICKET_QUEUES, TICKET_SOURCES, TICKET_STATUSES } from "@/lib/tickets";
import { cursorInput } from "@/server/lib/keyset";
import { forRole } from "@/server/privacy/present-for-role";
import { addTicketMessage } from "@/server/tickets/add-ticket-message";
import { assignTicket } from "@/server/tickets/assign-ticket";
import { changeTicketPriority } from "@/server/tickets/change-ticket-priority";
import { changeTicketStatus } from "@/server/tickets/change-ticket-status";
import { createTicket } from "@/server/tickets/create-ticket";
import { getTicket } from "@/server/tickets/get-ticket";
import { listOrderTickets, listTickets } from "@/server/tickets/list-tickets";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
const orderNo = z.string().trim().min(1).max(64);

export const ticketRouter = router({
  list: procedureFor("ticket.read")
    .input(
      z.object({
        status: z.enum([...TICKET_STATUSES, "all"]).optional(),
        queue: z.enum(TICKET_QUEUES).optional(),
        source: z.enum(TICKET_SOURCES).optional(),
        priority: z.enum(TICKET_PRIORITIES).optional(),
        assignee: z.enum(["any", "mine", "unassigned"]).optional(),
        sort: z.enum(["oldest", "newest"]).optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listTickets(ctx.db, input, ctx.user.id);
      return { ...page, items: page.items.map((t) => ({ ...t, subject: forRole(t.subject, ctx.user.role) })) };
    }),

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

  forOrder: procedureFor("ticket.read")
    .input(z.object({ orderNo }))
    .query(async ({ ctx, input }) => (await listOrderTickets(ctx.db, input.orderNo)).map((t) => ({ ...t, subject: forRole(t.subject, ctx.user.role) }))),

  create: procedureFor("ticket.update")
    .input(
      z.object({
        subject: z.string().trim().min(1).max(SUBJECT_MAX),
        description: z.string().trim().min(1).max(BODY_MAX),
        orderNo: orderNo.optional(),
        queue: z.enum(TICKET_QUEUES).optional(),
        priority: z.enum(TICKET_PRIORITIES).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createTicket(ctx.db, { ...input, source: "console" }, ctx.actor)),

  addMessage: procedureFor("ticket.update")
    .input(z.object({ id, kind: z.enum(["reply", "note"]), text: z.string().trim().min(1).max(BODY_MAX) }))
    .mutation(({ ctx, input }) => addTicketMessage(ctx.db, input.id, input.kind, input.text, ctx.actor)),

  setStatus: procedureFor("ticket.update")
    .input(z.object({ id, status: z.enum(TICKET_STATUSES) }))
    .mutation(({ ctx, input }) => changeTicketStatus(ctx.db, input.id, input.status, ctx.actor)),

  setPriority: procedureFor("ticket.update")
    .input(z.object({ id, priority: z.enum(TICKET_PRIORITIES) }))
    .mutation(({ ctx, input }) => changeTicketPriority(ctx.db, input.id, input.priority, ctx.actor)),

  assign: procedureFor("ticket.update")
    .input(z.object({ id, assignee: z.union([z.literal("me"), z.uuid(), z.null()]) }))
    .mutation(({ ctx, input }) => assignTicket(ctx.db, input.id, input.assignee === "me" ? ctx.user.id : input.assignee, ctx.actor)),
});
