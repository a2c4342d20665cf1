import "server-only";
import { and, eq, gte, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";
import { callbackEvents } from "@/db/schema";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";
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
  /** Received in [from, to) (the KPI drill-down). */
  range?: ListRange;
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string;
  limit?: number;
  now?: Date;
}

// ids follow arrival; served by callback_events_problem_id_idx (all problems) and callback_events_outcome_id_idx (one kind),
// and narrowed to a window by callback_events_problem_received_at_idx (the window's problems, sorted by id).
export const callbacksNewestFirst: KeysetSort = { name: "callbacks.id", keys: [{ expr: callbackEvents.id, kind: "bigint" }], direction: "desc" };

/** Problem callbacks for ops, newest first: unknown orders, rejected, malformed, our errors, stuck ones. */
export async function listCallbacks(db: Db, input: ListCallbacksInput = {}): Promise<KeysetPage<CallbackSummary>> {
  const stuckBefore = new Date((input.now ?? new Date()).getTime() - STUCK_AFTER_MS);
  const stuck = and(eq(callbackEvents.outcome, "received"), lt(callbackEvents.receivedAt, stuckBefore));
  const kind: SQL | undefined =
    input.kind === undefined
      ? // Spelled as the partial index callback_events_problem_id_idx is, so the planner can prove it applies
        // and walk it newest first; "received" rows count only once they are stuck.
        and(
          sql`${callbackEvents.outcome} in ('unknown_order', 'rejected', 'malformed', 'error', 'received')`,
          or(ne(callbackEvents.outcome, "received"), lt(callbackEvents.receivedAt, stuckBefore)),
        )
      : input.kind === "stuck"
        ? stuck
        : eq(callbackEvents.outcome, input.kind);
  const ks = keyset(callbacksNewestFirst, input.cursor, input.limit);
  // Body previews only: a list of 200 messages must not mean 200 MiB.
  const rows = await db
    .select({ ...callbackSummaryColumns, ...ks.select })
    .from(callbackEvents)
    .where(
      and(
        kind,
        input.provider ? eq(callbackEvents.provider, input.provider) : undefined,
        input.orderNo ? eq(callbackEvents.orderNo, input.orderNo) : undefined,
        input.range ? gte(callbackEvents.receivedAt, input.range.from) : undefined,
        input.range ? lt(callbackEvents.receivedAt, input.range.to) : undefined,
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  return { items: page.items.map(toCallbackSummary), nextCursor: page.nextCursor };
}
