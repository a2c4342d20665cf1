import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { discrepancies, statementImports } from "@/db/schema";
import { createTestDb, useTestDb } from "@/test/db";
import { importCsv, insertOrders, pay, sandboxCsv } from "@/test/recon";
import { reconReport } from "./recon-report";

// On PostgreSQL (`npm run test:pg -- server/recon/import-concurrency.test.ts`) the two imports really race:
// separate pool connections, lines loaded in parallel, the switch serialised by the advisory lock and the
// partial unique index. On PGlite they interleave on one connection.
const getDb = useTestDb();
const AT = "2026-11-24T05:00:00Z";

beforeAll(async () => {
  await insertOrders(
    getDb(),
    Array.from({ length: 40 }, (_, i) => ({ orderNo: `C-${i}`, amountMinor: 2_000, status: "PAID" as const, ptid: `CT-${i}`, paidAt: AT })),
  );
});

const base = Array.from({ length: 40 }, (_, i) => i)
  .filter((i) => i !== 7)
  .map((i) => pay(`CT-${i}`, `C-${i}`, i % 10 === 3 ? 1_900 : 2_000, AT));
const fileA = sandboxCsv([...base, pay("CT-unknown", null, 100, AT)]);
const fileB = sandboxCsv([...base, pay("CT-unknown", null, 100, AT), pay("CT-other", null, 50, AT)]);

async function perKey() {
  const r = await getDb().execute(sql`select count(*)::int as n from discrepancies group by provider, provider_transaction_id, type having count(*) > 1`);
  return (r as unknown as { rows: unknown[] }).rows.length;
}

describe("two imports of the same provider and day at once", () => {
  it("the same file twice: one import, one 'unchanged', nothing counted twice", async () => {
    const [a, b] = await Promise.all([importCsv(getDb(), fileA, { date: "2026-11-24", repair: false }), importCsv(getDb(), fileA, { date: "2026-11-24", repair: false })]);
    expect([a.outcome, b.outcome].sort()).toEqual(["imported", "unchanged"]);
    expect(a.importId).toBe(b.importId);
    const completed = await getDb().select().from(statementImports).where(eq(statementImports.status, "completed"));
    expect(completed).toHaveLength(1);
    expect(await perKey()).toBe(0);
    const report = await reconReport(getDb(), { provider: "sandbox", date: "2026-11-24" });
    expect(report.discrepancies.amount_mismatch).toEqual({ count: 4, amountMinor: 400 });
    expect(report.discrepancies.missing_at_provider).toEqual({ count: 1, amountMinor: 2_000 });
    expect(report.discrepancies.missing_internal).toEqual({ count: 1, amountMinor: 100 });
  });

  it("two different files: one supersedes the other, the day's numbers are exactly the winner's", async () => {
    const [a, b] = await Promise.all([importCsv(getDb(), fileB, { date: "2026-11-24", repair: false }), importCsv(getDb(), fileA.replace("\n", "\n# re-exported\n"), { date: "2026-11-24", repair: false })]);
    expect([a.outcome, b.outcome]).toEqual(["superseded", "superseded"]);
    const [winner] = await getDb().select().from(statementImports).where(eq(statementImports.status, "completed"));
    const winnerHasOther = winner!.id === a.importId;
    expect(await perKey()).toBe(0);
    const report = await reconReport(getDb(), { provider: "sandbox", date: "2026-11-24" });
    expect(report.statementLines).toBe(winnerHasOther ? 41 : 40);
    expect(report.discrepancies.amount_mismatch).toEqual({ count: 4, amountMinor: 400 });
    expect(report.discrepancies.missing_internal).toEqual({ count: winnerHasOther ? 2 : 1, amountMinor: winnerHasOther ? 150 : 100 });
    const all = await getDb().select().from(discrepancies);
    expect(all.filter((d) => d.status === "open" || d.status === "waiting").every((d) => d.statementImportId === winner!.id)).toBe(true);
  });
});

describe("imports on a pool of one connection", () => {
  // On PostgreSQL an import builds its lines' key on a second pooled connection while its transaction
  // classifies, and the transaction waits for the key. With one connection that must still finish: the key
  // asks the pool first, and the pool serves in order. A deadlock here hangs until the test times out.
  it("two imports at once both complete, progress reported as they load", { timeout: 60_000 }, async () => {
    const handle = await createTestDb({ poolMax: 1 });
    try {
      const db = handle.db;
      const days = ["2026-11-20", "2026-11-21"];
      await insertOrders(
        db,
        days.map((d, i) => ({ orderNo: `P1-${i}`, amountMinor: 1_000, status: "PAID" as const, ptid: `P1T-${i}`, paidAt: `${d}T05:00:00Z` })),
      );
      const results = await Promise.all(
        // progress written after every line: a statement of its own while the lines stream in
        days.map((d, i) =>
          importCsv(db, sandboxCsv([pay(`P1T-${i}`, `P1-${i}`, 1_000, `${d}T05:00:00Z`), pay(`P1X-${i}`, null, 70, `${d}T05:00:00Z`)]), {
            date: d,
            repair: false,
            progressEvery: 1,
          }),
        ),
      );
      expect(results.map((r) => [r.outcome, r.matched, r.discrepancies])).toEqual(
        days.map(() => ["imported", 1, { missing_internal: { count: 1, amountMinor: 70 } }]),
      );
    } finally {
      await handle.close();
    }
  });
});
