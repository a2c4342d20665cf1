import "server-only";
import { z } from "zod";
import { DISCREPANCY_STATUSES, DISCREPANCY_TYPES, PROVIDERS, RISK_LEVELS } from "@/lib/enums";
import { getDiscrepancyDetail } from "@/server/discrepancies/get-discrepancy-detail";
import { listDiscrepancies, type AssigneeFilter, type DiscrepancyFilters } from "@/server/discrepancies/list-discrepancies";
import { listReconAssignees } from "@/server/discrepancies/list-recon-assignees";
import { assignDiscrepancies, resolveDiscrepancies, writeOffDiscrepancies } from "@/server/discrepancies/resolve-discrepancies";
import { getEnv } from "@/server/env";
import { countPendingReview } from "@/server/recon/pending-review";
import { cursorInput } from "@/server/lib/keyset";
import { forRole } from "@/server/privacy/present-for-role";
import { procedureFor, router } from "../trpc";

const ids = z.array(z.number().int().positive()).min(1).max(1000);
const reason = z.string().trim().min(2).max(500);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The workbench filters, shared by the list and the export route (app/api/recon/export). */
export const discrepancyFilterInput = z.object({
  status: z.enum([...DISCREPANCY_STATUSES, "all"]).optional(),
  type: z.enum(DISCREPANCY_TYPES).optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  provider: z.enum(PROVIDERS).optional(),
  dateFrom: day.optional(),
  dateTo: day.optional(),
  amountMinMinor: z.number().int().nonnegative().optional(),
  amountMaxMinor: z.number().int().nonnegative().optional(),
  /** "me", "nobody" or a user id. */
  assignee: z.union([z.enum(["me", "nobody"]), z.uuid()]).optional(),
  q: z.string().trim().max(128).optional(),
});

export type DiscrepancyFilterInput = z.infer<typeof discrepancyFilterInput>;

/** The input as the domain filters: "me" becomes the caller, and the business time zone is the portal's. */
export function toDiscrepancyFilters(input: DiscrepancyFilterInput, userId: string): DiscrepancyFilters {
  const { assignee, ...rest } = input;
  const who: AssigneeFilter | undefined =
    assignee === undefined ? undefined : assignee === "nobody" ? { kind: "nobody" } : { kind: "user", id: assignee === "me" ? userId : assignee };
  return { ...rest, assignee: who, q: rest.q || undefined, timeZone: getEnv().BUSINESS_TIMEZONE };
}

export const discrepancyRouter = router({
  list: procedureFor("discrepancy.read")
    .input(discrepancyFilterInput.extend({ cursor: cursorInput.optional(), limit: z.number().int().min(1).max(200).optional() }))
    // Facts copied from provider messages may carry personal data.
    .query(async ({ ctx, input }) =>
      forRole(await listDiscrepancies(ctx.db, { ...toDiscrepancyFilters(input, ctx.user.id), cursor: input.cursor, limit: input.limit }), ctx.user.role),
    ),

  /** Side by side: our books vs the provider's statement line, and the item's history. */
  get: procedureFor("discrepancy.read")
    .input(z.object({ id: z.number().int().positive() }))
    .query(async ({ ctx, input }) => forRole(await getDiscrepancyDetail(ctx.db, input.id), ctx.user.role)),

  /** People discrepancies may be assigned to: active users holding recon.resolve. */
  assignees: procedureFor("discrepancy.read")
    .input(z.object({}))
    .query(({ ctx }) => listReconAssignees(ctx.db)),

  /** Orders pending review (unpaid after the janitor, paid but not fulfilled within FULFIL_SLA), for the summary page. */
  pendingReview: procedureFor("discrepancy.read")
    .input(z.object({}))
    .query(({ ctx }) => countPendingReview(ctx.db)),

  /** Bulk, one transaction, audited per item; closed items are skipped and returned in `skipped`. */
  resolve: procedureFor("recon.resolve")
    .input(z.object({ ids, reason }))
    .mutation(({ ctx, input }) => resolveDiscrepancies(ctx.db, ctx.actor, input.ids, { reason: input.reason })),

  writeOff: procedureFor("recon.resolve")
    .input(z.object({ ids, reason }))
    .mutation(({ ctx, input }) => writeOffDiscrepancies(ctx.db, ctx.actor, input.ids, { reason: input.reason })),

  assign: procedureFor("recon.resolve")
    .input(z.object({ ids, assigneeId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) => assignDiscrepancies(ctx.db, ctx.actor, input.ids, input.assigneeId)),
});
