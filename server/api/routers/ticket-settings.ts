import "server-only";
import { z } from "zod";
import { AGENT_AVAILABILITIES, TICKET_PRIORITIES, TICKET_QUEUES, type TicketPriority } from "@/lib/tickets";
import { getTicketSettings } from "@/server/tickets/get-ticket-settings";
import { saveAgentProfile, saveBusinessHours, saveQueueSla } from "@/server/tickets/save-ticket-settings";
import { procedureFor, router } from "../trpc";

const minutes = z.number().int().min(1).max(60 * 24 * 30);
const target = z.object({ firstResponseMinutes: minutes, resolutionMinutes: minutes });
const targets = z.object(Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, target])) as Record<TicketPriority, typeof target>);

/** /tickets/settings (ticket.configure): queues' SLA targets, business hours, agents' skills and capacity. */
export const ticketSettingsRouter = router({
  get: procedureFor("ticket.configure")
    .input(z.object({}))
    .query(({ ctx }) => getTicketSettings(ctx.db)),

  saveQueue: procedureFor("ticket.configure")
    .input(z.object({ queue: z.enum(TICKET_QUEUES), targets }))
    .mutation(async ({ ctx, input }) => {
      await saveQueueSla(ctx.db, input.queue, input.targets, ctx.actor);
      return { queue: input.queue };
    }),

  saveHours: procedureFor("ticket.configure")
    .input(
      z.object({
        timeZone: z.string().min(1).max(64),
        startMinute: z.number().int().min(0).max(1439),
        endMinute: z.number().int().min(1).max(1440),
        weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await saveBusinessHours(ctx.db, input, ctx.actor);
      return { ok: true };
    }),

  saveAgent: procedureFor("ticket.configure")
    .input(z.object({ userId: z.uuid(), skills: z.array(z.enum(TICKET_QUEUES)).max(TICKET_QUEUES.length), capacity: z.number().int().min(0).max(200), availability: z.enum(AGENT_AVAILABILITIES) }))
    .mutation(async ({ ctx, input }) => {
      await saveAgentProfile(ctx.db, input.userId, input, ctx.actor);
      return { userId: input.userId };
    }),
});
