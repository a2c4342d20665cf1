import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ticketViews, users } from "@/db/schema";
import { NotFoundError, ValidationError } from "@/server/lib/errors";

export const MAX_VIEWS_PER_USER = 20;

/** Saved views: a person's queue filters, by name (saving a name again replaces its filters). */
export async function saveTicketView(db: Db, userId: string, name: string, filters: Record<string, string>, now = new Date()): Promise<{ id: number }> {
  const n = name.trim();
  if (n.length < 1 || n.length > 60) throw new ValidationError("a view name has 1 to 60 characters");
  return db.transaction(async (tx) => {
    if ((await tx.select({ id: users.id }).from(users).where(eq(users.id, userId))).length === 0) throw new NotFoundError("user not found");
    const mine = await tx.select({ id: ticketViews.id, name: ticketViews.name }).from(ticketViews).where(eq(ticketViews.userId, userId));
    if (mine.length >= MAX_VIEWS_PER_USER && !mine.some((v) => v.name === n)) throw new ValidationError(`at most ${MAX_VIEWS_PER_USER} views`);
    const [row] = await tx
      .insert(ticketViews)
      .values({ userId, name: n, filters, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [ticketViews.userId, ticketViews.name], set: { filters, updatedAt: now } })
      .returning({ id: ticketViews.id });
    return { id: row!.id };
  });
}

export async function listTicketViews(db: Db, userId: string): Promise<{ id: number; name: string; filters: Record<string, string> }[]> {
  return db.select({ id: ticketViews.id, name: ticketViews.name, filters: ticketViews.filters }).from(ticketViews).where(eq(ticketViews.userId, userId)).orderBy(asc(ticketViews.name));
}

/** Only the owner's own view goes. */
export async function deleteTicketView(db: Db, userId: string, id: number): Promise<void> {
  await db.delete(ticketViews).where(and(eq(ticketViews.id, id), eq(ticketViews.userId, userId)));
}
