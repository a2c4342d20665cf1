import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentReviews, reviewActionItems, users } from "@/db/schema";
import { ACTION_TITLE_MAX, type ActionItemStatus } from "@/lib/reviews";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";

export interface ActionItemInput {
  title: string;
  ownerId: string | null;
  /** YYYY-MM-DD, a business day. */
  dueOn: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function checked(tx: Db, input: Partial<ActionItemInput>): Promise<Partial<ActionItemInput>> {
  const out: Partial<ActionItemInput> = {};
  if (input.title !== undefined) {
    const title = input.title.trim();
    if (title.length < 1 || title.length > ACTION_TITLE_MAX) throw new ValidationError(`a title has 1 to ${ACTION_TITLE_MAX} characters`);
    out.title = title;
  }
  if (input.ownerId !== undefined) {
    if (input.ownerId !== null) {
      const [owner] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, input.ownerId), isNull(users.disabledAt)));
      if (!owner) throw new ValidationError("no active user with that id");
    }
    out.ownerId = input.ownerId;
  }
  if (input.dueOn !== undefined) {
    if (input.dueOn !== null && (!DAY.test(input.dueOn) || Number.isNaN(Date.parse(`${input.dueOn}T00:00:00Z`)))) throw new ValidationError("a due date is YYYY-MM-DD");
    out.dueOn = input.dueOn;
  }
  return out;
}

/** review.addActionItem: on a review in any status (follow-ups are often found after sign-off). */
export async function addActionItem(db: Db, incidentId: number, input: ActionItemInput, actor: Actor): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [review] = await tx.select({ id: incidentReviews.incidentId }).from(incidentReviews).where(eq(incidentReviews.incidentId, incidentId));
    if (!review) throw new NotFoundError("review not found");
    const values = (await checked(tx, input)) as ActionItemInput;
    const [row] = await tx.insert(reviewActionItems).values({ incidentId, ...values }).returning({ id: reviewActionItems.id });
    await writeAudit(tx, actor, { action: "review.action_item_add", entityType: "review_action_item", entityId: String(row!.id), after: { incidentId, ...values } });
    return { id: row!.id };
  });
}

/** review.updateActionItem: title, owner, due date. */
export async function updateActionItem(db: Db, id: number, input: Partial<ActionItemInput>, actor: Actor, now = new Date()): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(reviewActionItems).where(eq(reviewActionItems.id, id)).for("update");
    if (!before) throw new NotFoundError("action item not found");
    const changes = await checked(tx, input);
    if (Object.keys(changes).length === 0) return { id };
    await tx.update(reviewActionItems).set({ ...changes, updatedAt: now }).where(eq(reviewActionItems.id, id));
    await writeAudit(tx, actor, {
      action: "review.action_item_update", entityType: "review_action_item", entityId: String(id),
      before: { title: before.title, ownerId: before.ownerId, dueOn: before.dueOn }, after: changes,
    });
    return { id };
  });
}

/** review.setActionItemStatus: open → done (stamped) or done → open (reopened), conditional on the current status. */
export async function setActionItemStatus(db: Db, id: number, status: ActionItemStatus, actor: Actor, now = new Date()): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(reviewActionItems)
      .set(status === "done" ? { status, doneAt: now, doneBy: actor.label, updatedAt: now } : { status, doneAt: null, doneBy: null, updatedAt: now })
      .where(and(eq(reviewActionItems.id, id), ne(reviewActionItems.status, status)))
      .returning({ id: reviewActionItems.id });
    if (!row) {
      const [existing] = await tx.select({ id: reviewActionItems.id }).from(reviewActionItems).where(eq(reviewActionItems.id, id));
      if (!existing) throw new NotFoundError("action item not found");
      throw new ConflictError(`the action item is already ${status}`);
    }
    await writeAudit(tx, actor, {
      action: status === "done" ? "review.action_item_done" : "review.action_item_reopen", entityType: "review_action_item", entityId: String(id),
      before: { status: status === "done" ? "open" : "done" }, after: { status },
    });
    return { id };
  });
}
