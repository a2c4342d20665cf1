import "server-only";
import { and, eq, getTableColumns, gte, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";
import { refunds } from "@/db/schema";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";
import { toRefundView, type RefundView } from "./refund-view";

export const REFUND_QUEUES = ["pending_approval", "processing", "all"] as const;
export type RefundQueue = (typeof REFUND_QUEUES)[number];

const newestFirst: KeysetSort = {
  name: "refunds.created_desc",
  keys: [
    { expr: refunds.createdAt, kind: "timestamptz" },
    { expr: refunds.id, kind: "bigint" },
  ],
  direction: "desc",
};

/** The /refunds tabs: waiting for approval, on their way (approved or processing), all; newest first. */
export async function listRefunds(db: Db, viewerId: string | null, input: { queue: RefundQueue; orderNo?: string; provider?: Provider; range?: ListRange; cursor?: string; limit?: number }): Promise<KeysetPage<RefundView>> {
  const ks = keyset(newestFirst, input.cursor, input.limit);
  const filters = [
    input.queue === "pending_approval" ? eq(refunds.status, "pending_approval") : undefined,
    input.queue === "processing" ? inArray(refunds.status, ["approved", "processing"]) : undefined,
    input.orderNo ? eq(refunds.orderNo, input.orderNo) : undefined,
    // ?provider= (the KPI dashboard filtered to one provider): the refund's own provider.
    input.provider ? eq(refunds.provider, input.provider) : undefined,
    // Created in [from, to) (the KPI drill-down): a range on refunds_created_at_id_idx / refunds_status_created_at_id_idx.
    input.range ? gte(refunds.createdAt, input.range.from) : undefined,
    input.range ? lt(refunds.createdAt, input.range.to) : undefined,
    ks.where,
  ];
  const rows = await db
    .select({ ...getTableColumns(refunds), ...ks.select })
    .from(refunds)
    .where(and(...filters))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  return { items: page.items.map((r) => toRefundView(r, viewerId)), nextCursor: page.nextCursor };
}
