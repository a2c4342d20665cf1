import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS } from "@/db/schema";
import { rowsOf } from "@/server/lib/sql";

export interface AlertImpact {
  /** Orders registered since onset that are not paid (yet): the orders the incident may be holding up. */
  orders: number;
  users: number;
  /** Their amount in the business currency (CNY), minor units. */
  amountMinor: number;
  currency: "CNY";
  minutes: number;
  perMinute: { orders: number; users: number; amountMinor: number };
}

/** Impact so far of an alert on `provider` ("*" = all) since `onset`, up to `until`. */
export async function estimateImpact(db: Db, provider: string, onset: Date, until: Date): Promise<AlertImpact> {
  const scope = provider === ALL_PROVIDERS ? sql`true` : sql`provider = ${provider}`;
  const [row] = rowsOf<{ orders: number | string; users: number | string; amount: number | string | null }>(
    await db.execute(sql`
      SELECT count(*) AS orders, count(DISTINCT user_id) AS users, coalesce(sum(amount_minor) FILTER (WHERE currency = 'CNY'), 0) AS amount
      FROM orders
      WHERE ${scope} AND created_at >= ${onset.toISOString()}::timestamptz AND created_at < ${until.toISOString()}::timestamptz AND paid_at IS NULL`),
  );
  const minutes = Math.max(1, Math.round((until.getTime() - onset.getTime()) / 60_000));
  const orders = Number(row?.orders ?? 0);
  const users = Number(row?.users ?? 0);
  const amountMinor = Number(row?.amount ?? 0);
  return {
    orders, users, amountMinor, currency: "CNY", minutes,
    perMinute: { orders: Math.round((orders / minutes) * 10) / 10, users: Math.round((users / minutes) * 10) / 10, amountMinor: Math.round(amountMinor / minutes) },
  };
}
