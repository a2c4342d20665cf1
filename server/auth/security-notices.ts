import "server-only";
import { and, count, countDistinct, desc, eq, gte, isNull, max, min, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { securityNotices, signInAttempts } from "@/db/schema";
import { systemActor, writeAudit } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";

export interface FailedSignInBurst {
  failures: number;
  addresses: number;
  firstAt: string;
  lastAt: string;
}

export interface SecurityNotice {
  id: number;
  kind: "failed_sign_in_burst";
  details: FailedSignInBurst;
  createdAt: Date;
}

/**
 * After a failed sign-in on an existing account: once the account has SIGNIN_MAX_ATTEMPTS or more failures
 * in the window (from any addresses), its owner gets a notice. There is no mailer yet, so the notice is a row
 * shown in the console after their next sign-in, plus an audit entry. One open notice per user: a continuing
 * burst updates it, and only its first appearance is audited.
 */
export async function noteFailedSignIn(db: Db, user: { id: string; email: string }, email: string, now = new Date()): Promise<boolean> {
  const env = getEnv();
  const since = new Date(now.getTime() - env.SIGNIN_WINDOW);
  const [stats] = await db
    .select({ failures: count(), addresses: countDistinct(signInAttempts.ipAddress), firstAt: min(signInAttempts.createdAt), lastAt: max(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, "no"), gte(signInAttempts.createdAt, since)));
  if (!stats || stats.failures < env.SIGNIN_MAX_ATTEMPTS) return false;
  const details: FailedSignInBurst = {
    failures: stats.failures,
    addresses: stats.addresses,
    firstAt: new Date(stats.firstAt ?? now).toISOString(),
    lastAt: new Date(stats.lastAt ?? now).toISOString(),
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(securityNotices)
      .values({ userId: user.id, kind: "failed_sign_in_burst", details })
      .onConflictDoUpdate({
        target: [securityNotices.userId, securityNotices.kind],
        targetWhere: sql`${securityNotices.seenAt} is null`,
        set: { details, updatedAt: now },
      })
      // xmax = 0 only on a freshly inserted row: audit the start of a burst, not every further failure.
      .returning({ id: securityNotices.id, inserted: sql<boolean>`(xmax = 0)` });
    if (row?.inserted) {
      await writeAudit(tx, systemActor("sign-in"), {
        action: "user.failed_sign_in_burst",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email, ...details },
      });
    }
    return Boolean(row?.inserted);
  });
}

/** The user's notices not yet dismissed, newest first. */
export async function listOpenNotices(db: Db, userId: string): Promise<SecurityNotice[]> {
  const rows = await db
    .select({ id: securityNotices.id, kind: securityNotices.kind, details: securityNotices.details, createdAt: securityNotices.createdAt })
    .from(securityNotices)
    .where(and(eq(securityNotices.userId, userId), isNull(securityNotices.seenAt)))
    .orderBy(desc(securityNotices.createdAt))
    .limit(20);
  return rows.map((r) => ({ ...r, details: r.details as FailedSignInBurst }));
}
