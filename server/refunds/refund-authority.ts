import "server-only";
import { and, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refundLimits, refunds } from "@/db/schema";
import type { Role } from "@/lib/enums";
import { LIMIT_CURRENCY, type RefundFlag } from "@/lib/refunds";
import { getEnv } from "@/server/env";
import { businessDay, dayStart } from "@/server/status/business-days";

// Refund authority (issue 10): "amount-aware checks belong in the domain, not in a role list". Whether a
// role may refund at all is the permission (refund.create / refund.approve in server/auth/permissions.ts);
// how much, alone, is this module, reading the admin-edited refund_limits table.

export interface Limit {
  /** null = no ceiling. */
  singleMaxMinor: number | null;
  dailyMaxMinor: number | null;
  currency: string;
}

export interface AuthorityInput {
  /** The person's limit row; null when their role has none (ops, manager: they do not refund). */
  limit: Limit | null;
  amountMinor: number;
  currency: string;
  /** What this person already moved today (see usedToday). */
  usedTodayMinor: number;
}

export type AuthorityDecision =
  | { kind: "allow" }
  | { kind: "over_limit"; flags: RefundFlag[] }
  | { kind: "deny"; why: "no_limit" | "currency" | "bad_amount" };

/**
 * Pure: may this person act on `amountMinor` alone? Single limit inclusive (exactly ¥50.00 is within ¥50);
 * the daily total includes this amount. A limited role is refused other currencies (never converted: a
 * rate is a finance decision); an unlimited role (both null) may refund any currency.
 */
export function decideAuthority(input: AuthorityInput): AuthorityDecision {
  const { limit, amountMinor, currency, usedTodayMinor } = input;
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) return { kind: "deny", why: "bad_amount" };
  if (!limit) return { kind: "deny", why: "no_limit" };
  const limited = limit.singleMaxMinor !== null || limit.dailyMaxMinor !== null;
  if (limited && currency !== limit.currency) return { kind: "deny", why: "currency" };
  const flags: RefundFlag[] = [];
  if (limit.singleMaxMinor !== null && amountMinor > limit.singleMaxMinor) flags.push("over_single_limit");
  if (limit.dailyMaxMinor !== null && usedTodayMinor + amountMinor > limit.dailyMaxMinor) flags.push("over_daily_limit");
  return flags.length > 0 ? { kind: "over_limit", flags } : { kind: "allow" };
}

export async function loadLimit(db: Db, role: Role | undefined): Promise<Limit | null> {
  if (!role) return null;
  const [row] = await db.select().from(refundLimits).where(eq(refundLimits.role, role));
  return row ? { singleMaxMinor: row.singleMaxMinor, dailyMaxMinor: row.dailyMaxMinor, currency: row.currency } : null;
}

/** Statuses that used someone's authority: money out, on its way, or queued to go out. */
const USED = ["approved", "processing", "succeeded"] as const;

/**
 * What `personId` moved today (business time zone), in LIMIT_CURRENCY: refunds they started within their
 * own authority (no approver), plus refunds they approved for others — queued, processing or succeeded.
 * A request waiting for approval used nobody's authority yet; a rejected or failed one moved nothing.
 */
export async function usedToday(db: Db, personId: string, now: Date): Promise<number> {
  const start = dayStart(businessDay(now, getEnv().BUSINESS_TIMEZONE), getEnv().BUSINESS_TIMEZONE);
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${refunds.amountMinor}), 0)` })
    .from(refunds)
    .where(
      and(
        inArray(refunds.status, [...USED]),
        eq(refunds.currency, LIMIT_CURRENCY),
        or(
          and(eq(refunds.requestedBy, personId), isNull(refunds.decidedBy), gte(refunds.createdAt, start)),
          and(eq(refunds.decidedBy, personId), gte(refunds.decidedAt, start)),
        ),
      ),
    );
  return Number(row?.total ?? 0);
}
