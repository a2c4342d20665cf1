import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, type IncidentRow } from "@/db/schema";
import type { OrderStatus } from "@/lib/enums";
import { maskPhone } from "@/server/auth/mask-phone";
import { rowsOf } from "@/server/lib/sql";

export interface AffectedOrders {
  orders: number;
  users: number;
  /** In the business currency (CNY); orders in other currencies are counted but not added in. */
  amount: { minor: number; currency: string };
  sample: { orderNo: string; status: OrderStatus; amount: { minor: number; currency: string }; createdAt: Date; userRef: string }[];
}

export const AFFECTED_SAMPLE = 20;

/** A user reference a CS agent can match without seeing it whole: the masked phone, else the masked user id. */
export function maskUserRef(userId: string, phone: string | null): string {
  if (phone) return maskPhone(phone)!;
  return userId.length <= 4 ? `${userId.slice(0, 1)}***` : `${userId.slice(0, 2)}***${userId.slice(-2)}`;
}

/** The condition on `orders` (unaliased) that listAffectedOrders counts; user notices send to the same set. */
export function affectedOrdersWhere(incident: Pick<IncidentRow, "provider" | "onsetAt" | "resolvedAt">, now: Date): SQL {
  const until = incident.resolvedAt ?? now;
  return sql`${incident.provider === ALL_PROVIDERS ? sql`true` : sql`provider = ${incident.provider}`}
    AND created_at >= ${incident.onsetAt.toISOString()}::timestamptz AND created_at < ${until.toISOString()}::timestamptz
    AND (paid_at IS NULL OR paid_via = 'query')`;
}

/**
 * The orders an incident held up: in its provider scope, registered from the earliest onset of its alerts
 * until it was resolved (or now), that are not paid, or whose payment we only learned by asking the provider
 * (the callback never came: the user may have seen "paying…" for minutes). Users are counted distinct.
 */
export async function listAffectedOrders(db: Db, incident: Pick<IncidentRow, "provider" | "onsetAt" | "resolvedAt">, now = new Date()): Promise<AffectedOrders> {
  const where = affectedOrdersWhere(incident, now);
  const [totals] = rowsOf<{ orders: string | number; users: string | number; amount: string | number | null }>(
    await db.execute(sql`SELECT count(*) AS orders, count(DISTINCT user_id) AS users, coalesce(sum(amount_minor) FILTER (WHERE currency = 'CNY'), 0) AS amount FROM orders WHERE ${where}`),
  );
  const sample = rowsOf<{ order_no: string; status: OrderStatus; amount_minor: string | number; currency: string; created_at: string | Date; user_id: string; user_phone: string | null }>(
    await db.execute(sql`SELECT order_no, status, amount_minor, currency, created_at, user_id, user_phone FROM orders WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${AFFECTED_SAMPLE}`),
  );
  return {
    orders: Number(totals?.orders ?? 0),
    users: Number(totals?.users ?? 0),
    amount: { minor: Number(totals?.amount ?? 0), currency: "CNY" },
    sample: sample.map((o) => ({
      orderNo: o.order_no, status: o.status, amount: { minor: Number(o.amount_minor), currency: o.currency.trim() }, createdAt: new Date(o.created_at),
      userRef: maskUserRef(o.user_id, o.user_phone),
    })),
  };
}
