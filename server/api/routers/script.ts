import "server-only";
import { z } from "zod";
import { SCRIPT_CATEGORIES, SCRIPT_KEY_PATTERN, SCRIPT_SITUATIONS, SCRIPT_TEXT_MAX, SCRIPT_TITLE_MAX } from "@/lib/scripts";
import { holds } from "@/server/auth/permissions";
import { approveScriptVersion } from "@/server/scripts/approve-script-version";
import { getScript } from "@/server/scripts/get-script";
import { listScripts } from "@/server/scripts/list-scripts";
import { previewScript } from "@/server/scripts/preview-script";
import { recordScriptUse } from "@/server/scripts/record-script-use";
import { rejectScriptVersion } from "@/server/scripts/reject-script-version";
import { saveScriptDraft } from "@/server/scripts/save-script-draft";
import { submitScriptVersion } from "@/server/scripts/submit-script-version";
import { suggestScripts } from "@/server/scripts/suggest-scripts";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
const orderNo = z.string().trim().min(1).max(64);
const localized = (max: number) => z.object({ "zh-CN": z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });
const context = { orderNo: orderNo.optional(), ticketId: id.optional() };

export const scriptRouter = router({
  list: procedureFor("script.read")
    .input(
      z.object({
        status: z.enum(["published", "draft", "pending_approval", "all"]).optional(),
        category: z.enum(SCRIPT_CATEGORIES).optional(),
        q: z.string().trim().max(100).optional(),
      }),
    )
    // Drafts and the approval queue are for the people who write or publish scripts; agents see what is published.
    .query(({ ctx, input }) =>
      listScripts(ctx.db, holds(ctx.user, "script.edit") || holds(ctx.user, "script.publish") ? input : { ...input, status: "published" }),
    ),

  get: procedureFor("script.read")
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => ({
      ...(await getScript(ctx.db, input.id)),
      me: ctx.user.id,
      canEdit: holds(ctx.user, "script.edit"),
      canPublish: holds(ctx.user, "script.publish"),
    })),

  suggest: procedureFor("script.read")
    .input(z.object(context))
    .query(({ ctx, input }) => suggestScripts(ctx.db, input)),

  preview: procedureFor("script.read")
    .input(z.object({ text: z.object({ "zh-CN": z.string().max(SCRIPT_TEXT_MAX), en: z.string().max(SCRIPT_TEXT_MAX) }), ...context }))
    .query(({ ctx, input }) => previewScript(ctx.db, input)),

  recordUse: procedureFor("script.read")
    .input(z.object({ versionId: id, ...context }))
    .mutation(({ ctx, input }) => recordScriptUse(ctx.db, ctx.actor, input)),

  draft: procedureFor("script.edit")
    .input(
      z.object({
        scriptId: id.optional(),
        key: z.string().regex(SCRIPT_KEY_PATTERN).optional(),
        category: z.enum(SCRIPT_CATEGORIES),
        situations: z.array(z.enum(SCRIPT_SITUATIONS)).max(SCRIPT_SITUATIONS.length),
        title: localized(SCRIPT_TITLE_MAX),
        text: localized(SCRIPT_TEXT_MAX),
      }),
    )
    .mutation(({ ctx, input }) => saveScriptDraft(ctx.db, ctx.actor, { ...input, situations: [...new Set(input.situations)] })),

  submit: procedureFor("script.edit")
    .input(z.object({ versionId: id }))
    .mutation(({ ctx, input }) => submitScriptVersion(ctx.db, ctx.actor, input.versionId)),

  approve: procedureFor("script.publish")
    .input(z.object({ versionId: id }))
    .mutation(({ ctx, input }) => approveScriptVersion(ctx.db, ctx.actor, input.versionId)),

  reject: procedureFor("script.publish")
    .input(z.object({ versionId: id, reason: z.string().trim().min(2).max(500) }))
    .mutation(({ ctx, input }) => rejectScriptVersion(ctx.db, ctx.actor, input.versionId, input.reason)),
});
