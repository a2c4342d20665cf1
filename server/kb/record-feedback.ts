import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { kbArticles, kbFeedback } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { takeThrottleSlot } from "@/server/auth/sign-in-throttle";
import { NotFoundError, RateLimitedError } from "@/server/lib/errors";

/** Public "was this helpful": 10 answers per client address in 10 minutes, on the sign-in throttle's counters. */
export const PUBLIC_FEEDBACK_LIMIT = { perAddress: 10, windowMs: 10 * 60_000 };

export interface FeedbackInput {
  articleId: number;
  helpful: boolean;
  comment?: string | null;
}

async function store(db: Db, input: FeedbackInput, source: "console" | "public", actor: Actor | null): Promise<void> {
  await db.transaction(async (tx) => {
    const counter = input.helpful ? { helpfulYes: sql`${kbArticles.helpfulYes} + 1` } : { helpfulNo: sql`${kbArticles.helpfulNo} + 1` };
    const where = source === "public" ? and(eq(kbArticles.id, input.articleId), eq(kbArticles.visibility, "public"), eq(kbArticles.status, "published")) : eq(kbArticles.id, input.articleId);
    const [hit] = await tx.update(kbArticles).set(counter).where(where).returning({ id: kbArticles.id });
    if (!hit) throw new NotFoundError(`article ${input.articleId} not found`);
    await tx.insert(kbFeedback).values({ articleId: input.articleId, helpful: input.helpful, comment: input.comment?.trim() || null, source, actorId: actor?.id ?? null });
    if (actor) await writeAudit(tx, actor, { action: "kb.feedback", entityType: "kb_article", entityId: String(input.articleId), after: { helpful: input.helpful } });
  });
}

/** A console user's answer (counted like any other; audited with who said it). */
export async function recordConsoleFeedback(db: Db, actor: Actor, input: FeedbackInput): Promise<void> {
  await store(db, input, "console", actor);
}

/**
 * An anonymous visitor's answer on /help. Without a trusted client address there is no per-address counter;
 * one shared counter then bounds the total instead, so a flood cannot skew the ratios either way.
 */
export async function recordPublicFeedback(db: Db, ip: string | null, input: FeedbackInput, now = new Date()): Promise<void> {
  const ok = await takeThrottleSlot(db, { scope: "kb_feedback", email: "", ipAddress: ip ?? "unknown" }, PUBLIC_FEEDBACK_LIMIT.perAddress * (ip ? 1 : 10), PUBLIC_FEEDBACK_LIMIT.windowMs, now);
  if (!ok) throw new RateLimitedError("too many answers from this address, try again later");
  await store(db, input, "public", null);
}
