import "server-only";
import { z } from "zod";
import { BRIEF_TEXT_MAX } from "@/lib/briefs";
import { confirmBrief } from "@/server/briefs/confirm-brief";
import { getActiveBriefView, getIncidentBrief } from "@/server/briefs/get-brief";
import { saveBrief } from "@/server/briefs/save-brief";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();
const text = z.string().max(BRIEF_TEXT_MAX);
const localized = z.object({ "zh-CN": text, en: text });

export const briefRouter = router({
  /** The brief at the top of every agent's desk, with the viewer's confirmation of its current version. */
  active: procedureFor("brief.confirm")
    .input(z.object({}))
    .query(({ ctx }) => getActiveBriefView(ctx.db, ctx.user.id)),

  /** An incident's brief, who confirmed its current version, and its history (incident page). */
  forIncident: procedureFor("brief.confirm")
    .input(z.object({ incidentId: id }))
    .query(({ ctx, input }) => getIncidentBrief(ctx.db, input.incidentId, ctx.user.id)),

  save: procedureFor("brief.write")
    .input(
      z.object({
        incidentId: id,
        brief: z.object({ happening: localized, affected: localized, tellUsers: localized, agentsMay: localized, scriptIds: z.array(id).max(20) }),
        pinned: z.boolean().optional(),
        baseVersion: z.number().int().positive().nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => saveBrief(ctx.db, ctx.actor, { incidentId: input.incidentId, content: input.brief, pinned: input.pinned, baseVersion: input.baseVersion })),

  confirm: procedureFor("brief.confirm")
    .input(z.object({ briefId: id, version: z.number().int().positive() }))
    .mutation(({ ctx, input }) => confirmBrief(ctx.db, ctx.actor, input)),
});
