import "server-only";
import { z } from "zod";
import { ACTION_ITEM_STATUSES, ACTION_TITLE_MAX, REVIEW_STATUSES, REVIEW_TEXT_MAX, ROOT_CAUSE_MIN } from "@/lib/reviews";
import { cursorInput } from "@/server/lib/keyset";
import { forRole } from "@/server/privacy/present-for-role";
import { addActionItem, setActionItemStatus, updateActionItem } from "@/server/reviews/action-items";
import { completeReview } from "@/server/reviews/complete-review";
import { draftReview } from "@/server/reviews/draft-review";
import { getReview } from "@/server/reviews/get-review";
import { listActionItems } from "@/server/reviews/list-action-items";
import { listReviews } from "@/server/reviews/list-reviews";
import { procedureFor, router } from "../trpc";

const incidentId = z.number().int().positive();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const title = z.string().trim().min(1).max(ACTION_TITLE_MAX);

export const reviewRouter = router({
  list: procedureFor("review.read")
    .input(z.object({ status: z.enum([...REVIEW_STATUSES, "all"]).optional(), cursor: cursorInput.optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listReviews(ctx.db, input)),

  get: procedureFor("review.read")
    .input(z.object({ incidentId }))
    .query(async ({ ctx, input }) => {
      const detail = await getReview(ctx.db, input.incidentId);
      // Timeline notes are free text: a phone number typed into one is masked like on the incident page.
      const role = ctx.user.role;
      const { review, thread } = detail;
      return {
        ...detail,
        review: { ...review, draft: { ...review.draft, timeline: forRole(review.draft.timeline, role) }, ...forRole({ rootCause: review.rootCause, whatWorked: review.whatWorked, whatDidNot: review.whatDidNot }, role) },
        thread: { ...thread, timeline: { ...thread.timeline, items: forRole(thread.timeline.items, role) } },
      };
    }),

  refreshDraft: procedureFor("review.write")
    .input(z.object({ incidentId }))
    .mutation(({ ctx, input }) => draftReview(ctx.db, input.incidentId, ctx.actor)),

  complete: procedureFor("review.write")
    .input(z.object({ incidentId, rootCause: z.string().trim().min(ROOT_CAUSE_MIN).max(REVIEW_TEXT_MAX), whatWorked: z.string().trim().max(REVIEW_TEXT_MAX), whatDidNot: z.string().trim().max(REVIEW_TEXT_MAX) }))
    .mutation(({ ctx, input }) => completeReview(ctx.db, input.incidentId, input, ctx.actor)),

  addActionItem: procedureFor("review.write")
    .input(z.object({ incidentId, title, ownerId: z.uuid().nullable(), dueOn: day.nullable() }))
    .mutation(({ ctx, input }) => addActionItem(ctx.db, input.incidentId, input, ctx.actor)),

  updateActionItem: procedureFor("review.write")
    .input(z.object({ id: z.number().int().positive(), title: title.optional(), ownerId: z.uuid().nullable().optional(), dueOn: day.nullable().optional() }))
    .mutation(({ ctx, input }) => {
      const { id, ...changes } = input;
      return updateActionItem(ctx.db, id, changes, ctx.actor);
    }),

  setActionItemStatus: procedureFor("review.write")
    .input(z.object({ id: z.number().int().positive(), status: z.enum(ACTION_ITEM_STATUSES) }))
    .mutation(({ ctx, input }) => setActionItemStatus(ctx.db, input.id, input.status, ctx.actor)),

  listActionItems: procedureFor("review.read")
    .input(z.object({ status: z.enum(ACTION_ITEM_STATUSES).optional(), incidentIds: z.array(incidentId).max(200).optional(), overdue: z.boolean().optional() }))
    .query(({ ctx, input }) => listActionItems(ctx.db, { status: input.status, incidentIds: input.incidentIds, overdueAt: input.overdue ? new Date() : undefined })),
});
