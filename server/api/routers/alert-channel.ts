import "server-only";
import { z } from "zod";
import { ALERT_CHANNELS, ALERT_METRICS, ALERT_SEVERITIES, CONTACT_ROLES, DELIVERY_STATUSES } from "@/lib/alerts";
import { LOCALES } from "@/lib/i18n/locale";
import { channelStatus } from "@/server/alerts/channels/config";
import { deleteContact, listContacts, saveContact } from "@/server/alerts/deliver-contacts";
import { listDeliveries } from "@/server/alerts/deliver-list";
import { deleteRoute, listRoutes, saveRoute } from "@/server/alerts/deliver-routes";
import { sendTestMessage } from "@/server/alerts/deliver-test-message";
import { getEnv } from "@/server/env";
import { cursorInput } from "@/server/lib/keyset";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
// The contract's "{}" for the lists (the console passes it); no input at all is accepted too.
const noInput = z.object({}).strict().optional();
const phone = z.string().trim().regex(/^\+?[\d\s-]{6,20}$/, "not a phone number");

const contactInput = z.object({
  id: id.optional(),
  name: z.string().trim().min(1).max(100),
  role: z.enum(CONTACT_ROLES),
  locale: z.enum(LOCALES),
  // Absent on update = keep the stored number (read back masked); null = remove it.
  phone: phone.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  enabled: z.boolean(),
  escalationOrder: z.number().int().min(1).max(10),
});

const routeInput = z.object({
  id: id.optional(),
  name: z.string().trim().min(1).max(100),
  severities: z.array(z.enum(ALERT_SEVERITIES)).max(ALERT_SEVERITIES.length),
  metrics: z.array(z.enum(ALERT_METRICS)).max(ALERT_METRICS.length),
  roles: z.array(z.enum(CONTACT_ROLES)).min(1).max(CONTACT_ROLES.length),
  channels: z.array(z.enum(ALERT_CHANNELS)).min(1).max(ALERT_CHANNELS.length),
  enabled: z.boolean(),
});

export const alertChannelRouter = router({
  contactList: procedureFor("alert.manage")
    .input(noInput)
    .query(({ ctx }) => listContacts(ctx.db)),
  contactSave: procedureFor("alert.manage")
    .input(contactInput)
    .mutation(({ ctx, input }) => saveContact(ctx.db, ctx.actor, input)),
  contactDelete: procedureFor("alert.manage")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteContact(ctx.db, ctx.actor, input.id)),

  routeList: procedureFor("alert.manage")
    .input(noInput)
    .query(({ ctx }) => listRoutes(ctx.db)),
  routeSave: procedureFor("alert.manage")
    .input(routeInput)
    .mutation(({ ctx, input }) => saveRoute(ctx.db, ctx.actor, input)),
  routeDelete: procedureFor("alert.manage")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteRoute(ctx.db, ctx.actor, input.id)),

  channelStatus: procedureFor("alert.manage")
    .input(noInput)
    .query(() => channelStatus(getEnv())),

  deliveryList: procedureFor("alert.read")
    .input(
      z.object({
        alertId: id.optional(),
        channel: z.enum(ALERT_CHANNELS).optional(),
        status: z.enum(DELIVERY_STATUSES).optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listDeliveries(ctx.db, input)),

  sendTest: procedureFor("alert.manage")
    .input(z.object({ channel: z.enum(ALERT_CHANNELS) }))
    .mutation(({ ctx, input }) => sendTestMessage(ctx.db, { ...ctx.actor, email: ctx.user.email }, input.channel)),
});
