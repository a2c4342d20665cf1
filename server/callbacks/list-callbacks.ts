import "server-only";
import { and, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { CallbackOutcome, Provider } from "@/lib/enums";
import { callbackEvents } from "@/db/schema";
import { callbackSummaryColumns, toCallbackSummary, type CallbackSummary } from "./callback-summary";

import type { ProblemKind } from "@/lib/problem-kinds";

export { PROBLEM_KINDS, type ProblemKind } from "@/lib/problem-kinds";

// A message still "received" this long after arrival has not been processed: the handler crashed or the
// process died between storing and applying it.
export const STUCK_AFTER_MS = 60_000;

export interface ListCallbacksInput {
  kind?: ProblemKind;
  provider?: Provider;
  orderNo?: string;
  /** Keyset cursor: id of the last row of the previous page. */
  cursor?: number;
  limit?: number;
  now?: Date;
}

/** Problem callbacks for ops, newest first: unknown orders, rejected, malformed, our errors, stuck ones. */
export async function listCallbacks(db: Db, input: ListCallbacksInput = {}): Promise<{ items: CallbackSummary[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const stuckBefore = new Date((input.now ?? new Date()).getTime() - STUCK_AFTER_MS);
  const failed: CallbackOutcome[] = ["unknown_order", "rejected", "malformed", "error"];
  const stuck = and(eq(callbackEvents.outcome, "received"), lt(callbackEvents.receivedAt, stuckBefore));
  const kind: SQL | undefined =
    input.kind === undefined
      ? or(inArray(callbackEvents.outcome, failed), stuck)
      : input.kind === "stuck"
        ? stuck
        : eq(callbackEvents.outcome, input.kind);
  // Body previews only: a list of 200 messages must not mean 200 MiB.
  const rows = await db
    .select(callbackSummaryColumns)
    .from(callbackEvents)
    .where(
      and(
        kind,
        input.provider ? eq(callbackEvents.provider, input.provider) : undefined,
        input.orderNo ? eq(callbackEvents.orderNo, input.orderNo) : undefined,
        input.cursor ? lt(callbackEvents.id, input.cursor) : undefined,
      ),
    )
    .orderBy(desc(callbackEvents.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(toCallbackSummary);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
