import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { isPostgresRun, useTestDb } from "@/test/db";
import { overrideEnv } from "@/test/override-env";
import { applyPaymentsInSql, paymentsStatement } from "./apply-payments-in-sql";
import { recordProviderMessage } from "./record-provider-message";

// Found with EXPLAIN ANALYZE: guarded by "o.status IN ('CREATED')", the payments statement's update of
// orders let the planner walk every waiting order (the partial index on CREATED orders) against the batch,
// instead of finding each paid order by its id. It does so when the statistics say few orders wait and many
// do: the morning after a quiet night, a sale starts and thousands of new orders wait before the next
// ANALYZE, and every batch then costs (waiting orders × batch). PostgreSQL only: its plan is production's.

interface PlanNode {
  "Node Type": string;
  "Actual Loops"?: number;
  Operation?: string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const db = useTestDb();

const below = (p: PlanNode): PlanNode[] => [p, ...(p.Plans ?? []).flatMap(below)];

/** The scans of `orders` under the statement's update of orders. */
function ordersScansOfUpdate(plan: PlanNode): PlanNode[] {
  const update = below(plan).find((p) => p["Node Type"] === "ModifyTable" && p.Operation === "Update" && p["Relation Name"] === "orders");
  expect(update).toBeDefined();
  return (update!.Plans ?? []).flatMap(below).filter((p) => p["Relation Name"] === "orders");
}

/** A stored, verified PAID message of 19.99 CNY for each of the orders `<prefix>1` … `<prefix><count>`; their ids. */
async function storePaidMessages(prefix: string, txPrefix: string, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= count; i++) {
    const orderNo = `${prefix}${i}`;
    const notification = { eventId: null, dedupeKey: `${txPrefix}${i}:PAID`, orderNo, transactionId: `${txPrefix}${i}`, state: "PAID" as const, providerStatus: "SUCCESS", amountMinor: 1999, currency: "CNY", eventAt: null, paidAt: new Date(), facts: {} };
    ids.push(await recordProviderMessage(db(), { provider: "sandbox", source: "notify", headers: {}, body: "{}", receivedAt: new Date(), verification: "verified", outcome: "received", notification }));
  }
  return ids;
}

describe.runIf(isPostgresRun())("the payments statement's plan (PostgreSQL)", () => {
  it("finds each order it pays by its primary key, whatever the statistics say about waiting orders", async () => {
    const restore = overrideEnv({ CALLBACK_APPLY_IN_PROCESS: "false" });
    try {
      // Statistics taken when nearly every order was paid…
      await db().execute(sql`INSERT INTO orders (order_no, user_id, amount_minor, currency, provider, status, paid_at)
        SELECT 'PLANPAID' || g, 'u-plan', 1999, 'CNY', 'sandbox', 'PAID', now() FROM generate_series(1, 2000) g`);
      await db().execute(sql`ANALYZE orders`);
      // …then a surge of new orders, and a batch paying 30 of them.
      await db().execute(sql`INSERT INTO orders (order_no, user_id, amount_minor, currency, provider)
        SELECT 'PLANWAIT' || g, 'u-plan', 1999, 'CNY', 'sandbox' FROM generate_series(1, 2000) g`);
      const ids = await storePaidMessages("PLANWAIT", "PLANTX", 30);
      const plan = await db().transaction(async (tx) => {
        const result = (await tx.execute(sql`EXPLAIN (FORMAT JSON) ${paymentsStatement(ids)}`)) as unknown as { rows: Record<string, unknown>[] };
        return (result.rows[0]!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
      });
      expect(ordersScansOfUpdate(plan).map((p) => [p["Node Type"], p["Index Name"]])).toEqual([["Index Scan", "orders_pkey"]]);
      // And the statement does what it is for.
      await db().transaction(async (tx) => {
        await tx.execute(sql`SELECT id FROM callback_events WHERE id = ANY(${sql.param(ids)}::bigint[]) FOR UPDATE`);
        expect((await applyPaymentsInSql(tx, ids)).size).toBe(30);
      });
    } finally {
      restore();
    }
  });

  // Found with EXPLAIN ANALYZE of the prepared statement: it runs as a named prepared statement
  // (executePrepared), and after five runs PostgreSQL may keep one generic plan for every batch, made without
  // knowing how many messages the batch holds. That plan estimated one row per aggregate and joined the
  // per-key and per-order aggregates of the batch inside a nested loop, recomputing them for every message:
  // 25 ms instead of 7.3 for 40 messages under EXPLAIN ANALYZE, growing with the square of the batch.
  // Computed once (MATERIALIZED), they are read, not recomputed.
  it("computes the batch's aggregates once, in the generic plan a prepared statement keeps", async () => {
    const restore = overrideEnv({ CALLBACK_APPLY_IN_PROCESS: "false" });
    try {
      await db().execute(sql`INSERT INTO orders (order_no, user_id, amount_minor, currency, provider)
        SELECT 'GENPLAN' || g, 'u-plan', 1999, 'CNY', 'sandbox' FROM generate_series(1, 30) g`);
      const ids = await storePaidMessages("GENPLAN", "GENTX", 30);
      const statement = new PgDialect().sqlToQuery(paymentsStatement(ids));
      const literals = statement.params.map((v) => (v === null ? "NULL" : `'${String(v).replace(/'/g, "''")}'`)).join(", ");
      const rolledBack = new Error("roll back the plan's writes");
      let plan: PlanNode | undefined;
      await db()
        .transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL plan_cache_mode = force_generic_plan`);
          await tx.execute(sql.raw(`PREPARE payops_generic_plan_test AS ${statement.sql}`));
          const result = (await tx.execute(sql.raw(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE payops_generic_plan_test(${literals})`))) as unknown as { rows: Record<string, unknown>[] };
          plan = (result.rows[0]!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
          await tx.execute(sql`DEALLOCATE payops_generic_plan_test`);
          throw rolledBack;
        })
        .catch((e: unknown) => {
          if (e !== rolledBack) throw e;
        });
      const aggregates = below(plan!).filter((p) => p["Node Type"] === "Aggregate");
      expect(aggregates.length).toBeGreaterThan(0);
      expect(aggregates.map((p) => p["Actual Loops"])).toEqual(aggregates.map(() => 1));
      // The orders it pays are still found by their primary key.
      expect(ordersScansOfUpdate(plan!).map((p) => p["Index Name"])).toEqual(["orders_pkey"]);
    } finally {
      restore();
    }
  });
});
