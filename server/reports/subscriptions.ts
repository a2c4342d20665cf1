import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportSubscriptions, users } from "@/db/schema";
import type { ReportKind } from "@/lib/reports";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "@/server/lib/errors";

/** The people who may subscribe (they can read reports), each with their subscriptions. */
export async function listSubscriptions(db: Db): Promise<{ userId: string; name: string; email: string; role: string; kinds: ReportKind[] }[]> {
  const people = (await db.select({ id: users.id, name: users.name, email: users.email, role: users.role, disabledAt: users.disabledAt }).from(users).orderBy(asc(users.name))).filter(
    (u) => !u.disabledAt && holds(u, "review.read"),
  );
  const subs = people.length === 0 ? [] : await db.select().from(reportSubscriptions).where(inArray(reportSubscriptions.userId, people.map((p) => p.id)));
  return people.map((p) => ({ userId: p.id, name: p.name, email: p.email, role: p.role, kinds: subs.filter((s) => s.userId === p.id).map((s) => s.kind).sort() }));
}

/**
 * Subscribes or unsubscribes someone to a kind of report. A manager manages their own subscription; an admin
 * anyone's. Idempotent; audited when it changes something.
 */
export async function setSubscription(db: Db, actor: Actor & { role: NonNullable<Actor["role"]> }, input: { userId: string; kind: ReportKind; subscribed: boolean }): Promise<{ changed: boolean }> {
  if (actor.role !== "admin" && input.userId !== actor.id) throw new ForbiddenError("only an admin manages other people's report subscriptions");
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, role: users.role, email: users.email }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new NotFoundError(`user ${input.userId}`);
    if (input.subscribed && !holds(user, "review.read")) throw new ValidationError("this person cannot read reports");
    const changed = input.subscribed
      ? (await tx.insert(reportSubscriptions).values({ userId: user.id, kind: input.kind }).onConflictDoNothing().returning()).length > 0
      : (await tx.delete(reportSubscriptions).where(and(eq(reportSubscriptions.userId, user.id), eq(reportSubscriptions.kind, input.kind))).returning()).length > 0;
    if (changed) {
      await writeAudit(tx, actor, { action: input.subscribed ? "report.subscribe" : "report.unsubscribe", entityType: "user", entityId: user.id, after: { kind: input.kind, email: user.email } });
    }
    return { changed };
  });
}
