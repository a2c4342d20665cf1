import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentReviews } from "@/db/schema";
import { REVIEW_TEXT_MAX, ROOT_CAUSE_MIN } from "@/lib/reviews";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";

export interface ReviewFindings {
  rootCause: string;
  whatWorked: string;
  whatDidNot: string;
}

/** draft → completed with the owner's findings; the drafted facts are frozen from here on. */
export async function completeReview(db: Db, incidentId: number, input: ReviewFindings, actor: Actor, now = new Date()): Promise<{ incidentId: number }> {
  const rootCause = input.rootCause.trim();
  const whatWorked = input.whatWorked.trim();
  const whatDidNot = input.whatDidNot.trim();
  if (rootCause.length < ROOT_CAUSE_MIN) throw new ValidationError(`a root cause has at least ${ROOT_CAUSE_MIN} characters`);
  if ([rootCause, whatWorked, whatDidNot].some((t) => t.length > REVIEW_TEXT_MAX)) throw new ValidationError(`at most ${REVIEW_TEXT_MAX} characters`);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(incidentReviews)
      .set({ status: "completed", rootCause, whatWorked: whatWorked || null, whatDidNot: whatDidNot || null, completedBy: actor.label, completedAt: now, updatedAt: now })
      .where(and(eq(incidentReviews.incidentId, incidentId), eq(incidentReviews.status, "draft")))
      .returning({ incidentId: incidentReviews.incidentId });
    if (!row) {
      const [existing] = await tx.select({ status: incidentReviews.status }).from(incidentReviews).where(eq(incidentReviews.incidentId, incidentId));
      if (!existing) throw new NotFoundError("review not found");
      throw new ConflictError("the review is already completed");
    }
    await writeAudit(tx, actor, { action: "review.complete", entityType: "incident_review", entityId: String(incidentId), before: { status: "draft" }, after: { status: "completed", rootCause, whatWorked, whatDidNot } });
    return { incidentId };
  });
}
