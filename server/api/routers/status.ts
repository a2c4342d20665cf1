import "server-only";
import { z } from "zod";
import { COMPONENT_STATES, NOTICE_KINDS, NOTICE_SEVERITIES, NOTICE_STATUSES } from "@/lib/status";
import { cursorInput } from "@/server/lib/keyset";
import { getNotice } from "@/server/status/get-notice";
import { getStatusOverview } from "@/server/status/get-overview";
import { listNotices, NOTICE_FILTERS } from "@/server/status/list-notices";
import { postNoticeUpdate } from "@/server/status/post-notice-update";
import { publishNotice } from "@/server/status/publish-notice";
import { setAutoPublish } from "@/server/status/set-auto-publish";
import { listStatusTemplates } from "@/server/status/status-templates";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
/** Public text, written in both languages. */
const text = (max: number) => z.string().trim().min(1).max(max);
const localized = (max: number) => z.object({ "zh-CN": text(max), en: text(max) });
const components = z.array(z.object({ key: z.string().min(1).max(64), state: z.enum(COMPONENT_STATES) })).max(20);

export const TITLE_MAX = 120;
export const BODY_MAX = 2000;

export const statusRouter = router({
  overview: procedureFor("status.read")
    .input(z.object({}).optional())
    .query(({ ctx }) => getStatusOverview(ctx.db)),

  list: procedureFor("status.read")
    .input(z.object({ filter: z.enum(NOTICE_FILTERS).optional(), cursor: cursorInput.optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listNotices(ctx.db, input)),

  get: procedureFor("status.read")
    .input(z.object({ id }))
    .query(({ ctx, input }) => getNotice(ctx.db, input.id)),

  templates: procedureFor("status.read")
    .input(z.object({}).optional())
    .query(() => listStatusTemplates()),

  publish: procedureFor("status.publish")
    .input(
      z.object({
        incidentId: id.optional(),
        kind: z.enum(NOTICE_KINDS),
        severity: z.enum(NOTICE_SEVERITIES),
        status: z.enum(NOTICE_STATUSES),
        title: localized(TITLE_MAX),
        body: localized(BODY_MAX),
        components: components.min(1),
        scheduledFor: z.date().optional(),
        scheduledUntil: z.date().optional(),
        templateKey: z.string().max(32).optional(),
      }),
    )
    .mutation(({ ctx, input }) => publishNotice(ctx.db, input, ctx.actor)),

  postUpdate: procedureFor("status.publish")
    .input(z.object({ id, status: z.enum(NOTICE_STATUSES), body: localized(BODY_MAX), components: components.min(1).optional() }))
    .mutation(({ ctx, input }) => postNoticeUpdate(ctx.db, input, ctx.actor)),

  setAutoPublish: procedureFor("status.publish")
    .input(z.object({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setAutoPublish(ctx.db, input.enabled, ctx.actor)),
});
