import "server-only";
import { z } from "zod";
import { REPORT_KINDS, SUGGESTION_KINDS } from "@/lib/reports";
import { can } from "@/server/auth/permissions";
import { cursorInput } from "@/server/lib/keyset";
import { acceptSuggestion } from "@/server/reports/accept-suggestion";
import { generateReport } from "@/server/reports/generate-report";
import { getReport } from "@/server/reports/get-report";
import { listReports } from "@/server/reports/list-reports";
import { computeLiveSuggestions } from "@/server/reports/suggestions";
import { withActions } from "@/server/reports/suggestion-actions";
import { listSubscriptions, setSubscription } from "@/server/reports/subscriptions";
import { procedureFor, router } from "../trpc";

const kind = z.enum(REPORT_KINDS);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const reportRouter = router({
  list: procedureFor("review.read")
    .input(z.object({ kind: kind.optional(), cursor: cursorInput.optional(), limit: z.number().int().min(1).max(100).optional() }))
    .query(async ({ ctx, input }) => ({ ...(await listReports(ctx.db, input)), canManage: can(ctx.user, "report.manage") })),

  get: procedureFor("review.read")
    .input(z.object({ id: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const report = await getReport(ctx.db, input.id);
      return { ...report, suggestions: await withActions(ctx.db, ctx.user, report.data.suggestions, report.id) };
    }),

  generate: procedureFor("report.manage")
    .input(z.object({ kind, periodStart: day.optional() }))
    .mutation(async ({ ctx, input }) => {
      const row = await generateReport(ctx.db, { kind: input.kind, periodStart: input.periodStart, now: new Date(), by: ctx.actor });
      return { id: row.id };
    }),

  subscriptions: procedureFor("report.manage")
    .input(z.object({}))
    .query(async ({ ctx }) => ({ people: await listSubscriptions(ctx.db), me: ctx.user.id, isAdmin: ctx.user.role === "admin" })),

  subscribe: procedureFor("report.manage")
    .input(z.object({ kind, userId: z.uuid().optional() }))
    .mutation(({ ctx, input }) => setSubscription(ctx.db, { ...ctx.actor, role: ctx.user.role }, { userId: input.userId ?? ctx.user.id, kind: input.kind, subscribed: true })),

  unsubscribe: procedureFor("report.manage")
    .input(z.object({ kind, userId: z.uuid().optional() }))
    .mutation(({ ctx, input }) => setSubscription(ctx.db, { ...ctx.actor, role: ctx.user.role }, { userId: input.userId ?? ctx.user.id, kind: input.kind, subscribed: false })),

  /** Live: the suggestions over the last 7 days up to now (a report's own are frozen in its snapshot). */
  suggestions: procedureFor("review.read")
    .input(z.object({}))
    .query(async ({ ctx }) => {
      const live = await computeLiveSuggestions(ctx.db, new Date());
      return { ...live, items: await withActions(ctx.db, ctx.user, live.items, null) };
    }),

  /** The editor to open if this viewer may edit, else the ticket it was sent to in the owning team's queue (decided here). */
  acceptSuggestion: procedureFor("review.read")
    .input(z.object({ kind: z.enum(SUGGESTION_KINDS), subject: z.string().min(1).max(100), reportId: z.number().int().positive().nullable() }))
    .mutation(({ ctx, input }) => acceptSuggestion(ctx.db, { ...ctx.actor, role: ctx.user.role }, input)),
});
