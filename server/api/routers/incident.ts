import "server-only";
import { PROVIDERS } from "@/lib/enums";
import { z } from "zod";
import { INCIDENT_STATUSES } from "@/lib/alerts";
import { listRangeInput } from "@/lib/list-range";
import { addIncidentNote, NOTE_MAX } from "@/server/incidents/add-incident-note";
import { getIncident } from "@/server/incidents/get-incident";
import { listIncidents } from "@/server/incidents/list-incidents";
import { openIncident } from "@/server/incidents/open-incident";
import { resolveIncident, SUMMARY_MAX, SUMMARY_MIN } from "@/server/incidents/resolve-incident";
import { setCommander } from "@/server/incidents/set-commander";
import { cursorInput } from "@/server/lib/keyset";
import { forRole } from "@/server/privacy/present-for-role";
import { procedureFor, router } from "../trpc";

const id = z.number().int().positive();

export const incidentRouter = router({
  list: procedureFor("incident.read")
    .input(z.object({ status: z.enum([...INCIDENT_STATUSES, "all"]).optional(), range: listRangeInput.optional(), provider: z.enum(PROVIDERS).optional(), cursor: cursorInput.optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listIncidents(ctx.db, input)),

  get: procedureFor("incident.read")
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const detail = await getIncident(ctx.db, input.id);
      // Notes are free text: a phone number typed into one is masked like any other copy of personal data.
      return { ...detail, timeline: forRole(detail.timeline, ctx.user.role) };
    }),

  open: procedureFor("incident.manage")
    .input(z.object({ alertId: id }))
    .mutation(({ ctx, input }) => openIncident(ctx.db, input.alertId, ctx.actor)),

  setCommander: procedureFor("incident.manage")
    .input(z.object({ id, commander: z.union([z.literal("me"), z.email().max(254)]) }))
    .mutation(({ ctx, input }) => setCommander(ctx.db, input.id, input.commander, ctx.actor)),

  addNote: procedureFor("incident.manage")
    .input(z.object({ id, text: z.string().trim().min(1).max(NOTE_MAX) }))
    .mutation(({ ctx, input }) => addIncidentNote(ctx.db, input.id, input.text, ctx.actor)),

  resolve: procedureFor("incident.manage")
    .input(z.object({ id, summary: z.string().trim().min(SUMMARY_MIN).max(SUMMARY_MAX) }))
    .mutation(({ ctx, input }) => resolveIncident(ctx.db, input.id, input.summary, ctx.actor)),
});
