import "server-only";
import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locale";
import { listRangeInput } from "@/lib/list-range";
import { NOTICE_CHANNELS, NOTICE_DELIVERY_STATUSES, NOTICE_SITUATIONS, TEMPLATE_KEYS, TEMPLATE_MAX } from "@/lib/user-notices";
import { cursorInput } from "@/server/lib/keyset";
import { getNoticeSettings } from "@/server/user-notices/get-notice-settings";
import { listNoticeDeliveries, listOrderNotices } from "@/server/user-notices/list-notice-deliveries";
import { listTemplates } from "@/server/user-notices/load-templates";
import { addOptOut, listOptOuts, removeOptOut } from "@/server/user-notices/manage-opt-outs";
import { incidentNoticeProgress, requestIncidentNotices } from "@/server/user-notices/notify-incident-users";
import { planIncidentNotices } from "@/server/user-notices/plan-incident-notices";
import { saveTemplate } from "@/server/user-notices/save-template";
import { sendTestNotice } from "@/server/user-notices/send-test-notice";
import { templateSamples } from "@/server/user-notices/template-samples";
import { updateNoticeSettings } from "@/server/user-notices/update-notice-settings";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

export const userNoticeRouter = router({
  deliveryList: procedureFor("notice.read")
    .input(
      z.object({
        situation: z.enum(NOTICE_SITUATIONS).optional(),
        channel: z.enum(NOTICE_CHANNELS).optional(),
        status: z.enum(NOTICE_DELIVERY_STATUSES).optional(),
        range: listRangeInput.optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listNoticeDeliveries(ctx.db, input)),

  forOrder: procedureFor("notice.read")
    .input(z.object({ orderNo: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => listOrderNotices(ctx.db, input.orderNo)),

  templates: procedureFor("notice.read").query(async ({ ctx }) => ({ templates: await listTemplates(ctx.db), samples: templateSamples() })),

  templateSave: procedureFor("notice.manage")
    .input(z.object({ templateKey: z.enum(TEMPLATE_KEYS), channel: z.enum(NOTICE_CHANNELS), locale: z.enum(LOCALES), body: z.string().trim().min(1).max(TEMPLATE_MAX).nullable() }))
    .mutation(({ ctx, input }) => saveTemplate(ctx.db, input, ctx.actor)),

  sendTest: procedureFor("notice.manage")
    .input(
      z.object({
        templateKey: z.enum(TEMPLATE_KEYS),
        channel: z.enum(NOTICE_CHANNELS),
        locale: z.enum(LOCALES),
        target: z.string().trim().min(1).max(64),
        body: z.string().trim().min(1).max(TEMPLATE_MAX).optional(),
      }),
    )
    .mutation(({ ctx, input }) => sendTestNotice(ctx.db, input, ctx.actor)),

  settings: procedureFor("notice.read").query(({ ctx }) => getNoticeSettings(ctx.db)),

  settingsUpdate: procedureFor("notice.manage")
    .input(
      z.object({
        noticeAfterMs: z.number().int().min(60_000).max(24 * 3600_000).nullable(),
        quietStart: clock,
        quietEnd: clock,
        ratePerDay: z.number().int().min(1).max(50),
        channels: z.array(z.enum(NOTICE_CHANNELS)).max(2),
        autoDetect: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => updateNoticeSettings(ctx.db, input, ctx.actor)),

  optOutList: procedureFor("notice.read").query(({ ctx }) => listOptOuts(ctx.db)),

  optOutAdd: procedureFor("notice.manage")
    .input(z.object({ userId: z.string().trim().max(64).optional(), phone: z.string().trim().max(32).optional() }))
    .mutation(({ ctx, input }) => addOptOut(ctx.db, input, ctx.actor)),

  optOutRemove: procedureFor("notice.manage")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => removeOptOut(ctx.db, input.id, ctx.actor)),

  incidentPreview: procedureFor("notice.manage")
    .input(z.object({ incidentId: id }))
    .query(async ({ ctx, input }) => {
      const { candidates: _all, ...plan } = await planIncidentNotices(ctx.db, input.incidentId);
      return plan;
    }),

  incidentNotify: procedureFor("notice.manage")
    .input(z.object({ incidentId: id }))
    .mutation(({ ctx, input }) => requestIncidentNotices(ctx.db, input.incidentId, ctx.actor)),

  incidentProgress: procedureFor("notice.read")
    .input(z.object({ incidentId: id }))
    .query(({ ctx, input }) => incidentNoticeProgress(ctx.db, input.incidentId)),
});
