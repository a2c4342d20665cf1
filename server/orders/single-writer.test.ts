import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Every change to an order goes through server/orders/ (one verb per transition, guarded, audited).
// This scans the source tree for anything else that updates `orders`, in Drizzle or in raw SQL.

const ROOT = join(import.meta.dirname, "..", "..");
// bench/ is not scanned: its naive baselines (bench/naive-server.ts, bench/naive-intake.ts) write orders
// with bare SQL on purpose, against the benchmark's own database, to measure what our guarantees cost.
const SCANNED_DIRS = ["app", "components", "db", "lib", "scripts", "server"];
const SKIPPED = [/(^|\/)node_modules\//, /^db\/migrations\//, /\.test\.tsx?$/];

/**
 * The only modules that may update `orders`: the shared status transition (paid, fulfilled, closed go
 * through it), the review flag, and the batch form of "paid" the callback inbox uses.
 */
const TRANSITION_FILES = [
  "server/orders/flag-order-for-review.ts",
  "server/orders/mark-order-paid.ts",
  "server/orders/transition-order.ts",
];

/**
 * Not transitions, named one by one with the reason. The demo seed moves the timestamps of rows it has
 * just created back in time (created_at, paid_at…) so the demo shows the last 36 hours; it never sets a
 * status or a review flag.
 */
const NOT_TRANSITIONS: Record<string, string> = {
  "server/demo/seed-demo-data.ts": "demo seed back-dates its own rows' timestamps",
  "server/demo/seed-demo-alerts.ts": "demo alert history back-dates its own orders' created_at to their minute of the run",
};

const PATTERNS: RegExp[] = [
  // Drizzle: tx.update(orders), db.update(schema.orders), across line breaks
  /\.update\(\s*(?:[\w$]+\.)*orders\s*\)/,
  // Drizzle upsert turning an insert into an update
  /\.insert\(\s*(?:[\w$]+\.)*orders\s*\)[\s\S]{0,400}?\.onConflictDoUpdate\(/,
  // raw SQL: UPDATE orders, update "orders", UPDATE ONLY public.orders, sql`update ${orders}`
  /\bupdate\s+(?:only\s+)?(?:"?public"?\s*\.\s*)?"?orders"?(?![\w"])/i,
  /\bupdate\s+\$\{\s*(?:[\w$]+\.)*orders\s*\}/i,
  // raw SQL upsert into orders
  /\binsert\s+into\s+(?:"?public"?\s*\.\s*)?"?orders"?(?![\w"])[\s\S]{0,400}?\bdo\s+update\b/i,
];

function updatesOrders(source: string): boolean {
  return PATTERNS.some((p) => p.test(source));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js|mjs|cjs|sql)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split("\\").join("/"))
    .filter((f) => !SKIPPED.some((s) => s.test(f)));
}

describe("one writer of orders", () => {
  it("recognises both spellings, and only updates of the orders table", () => {
    const writes = [
      "await tx.update(orders).set({ status: 'PAID' })",
      "await db\n  .update( orders )\n  .set({ needsReview: true })",
      "db.update(schema.orders).set({})",
      "db.insert(orders).values(v).onConflictDoUpdate({ target: orders.orderNo, set: { status: 'CLOSED' } })",
      "await db.execute(sql`UPDATE orders SET status = 'CLOSED' WHERE id = ${id}`)",
      "client.query('update orders set status = $1 where id = $2')",
      'client.query(`UPDATE "orders" SET needs_review = true`)',
      "sql`update public.orders set closed_at = now()`",
      "sql`UPDATE ONLY orders SET status='PAID'`",
      "sql`update ${orders} set status = 'PAID'`",
      "sql`INSERT INTO orders (order_no) VALUES ($1) ON CONFLICT (order_no) DO UPDATE SET status = 'PAID'`",
    ];
    const notWrites = [
      "await tx.update(callbackEvents).set({ orderNo })",
      "await tx.update(ordersArchive).set({})",
      "sql`UPDATE orders_archive SET x = 1`",
      "sql`UPDATE jobs SET run_at = now() WHERE order_no = ${orderNo}`",
      "db.select().from(orders).where(eq(orders.status, 'CREATED'))",
      "db.insert(orders).values(v).onConflictDoNothing({ target: orders.orderNo })",
      "// the order updated its status",
    ];
    for (const s of writes) expect(updatesOrders(s), s).toBe(true);
    for (const s of notWrites) expect(updatesOrders(s), s).toBe(false);
  });

  it("no module outside the transition verbs updates orders", () => {
    const files = SCANNED_DIRS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    const writers = files.filter((f) => updatesOrders(readFileSync(join(ROOT, f), "utf8")));
    // The scan sees the real writers (else a broken pattern would pass everything)…
    expect(writers).toEqual(expect.arrayContaining(TRANSITION_FILES));
    // …and no one else, except the named non-transitions, each of which must still need its exemption.
    expect(writers.filter((f) => !TRANSITION_FILES.includes(f)).sort()).toEqual(Object.keys(NOT_TRANSITIONS).sort());
  });

  it("the named non-transition never touches status or the review flag", () => {
    for (const file of Object.keys(NOT_TRANSITIONS)) {
      const statements = readFileSync(join(ROOT, file), "utf8").match(/\bupdate\s+orders\b[\s\S]*?WHERE/gi) ?? [];
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) expect(s).not.toMatch(/\b(status|needs_review|review_reason)\s*=/i);
    }
  });
});
