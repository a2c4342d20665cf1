import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { discrepancies } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { importCsv, insertOrders, pay, sandboxCsv } from "@/test/recon";
import { reconReport } from "./recon-report";

const getDb = useTestDb();
const AT = "2026-11-24T05:00:00Z";

beforeAll(async () => {
  const list = [];
  for (let i = 0; i < 30; i++) list.push({ orderNo: `P-${i}`, amountMinor: 1_000 + i, status: i % 7 === 3 ? ("CREATED" as const) : ("PAID" as const), ptid: i % 7 === 3 ? null : `PT-${i}`, paidAt: i % 7 === 3 ? null : AT });
  await insertOrders(getDb(), list);
});

// A day with every kind of line: exact, amount off, unpaid here, unknown, duplicate, fee off; P-5 and P-6 missing.
const lines = Array.from({ length: 30 }, (_, i) => i)
  .filter((i) => i !== 5 && i !== 6)
  .map((i) => pay(`PT-${i}`, `P-${i}`, i % 9 === 1 ? 1_000 + i - 2 : 1_000 + i, AT, i % 11 === 2 ? { feeMinor: 99 } : {}))
  .concat([pay("PT-X1", null, 500, AT), pay("PT-X2", "NOPE", 600, AT), pay("PT-8-dup", "P-8", 1_008, AT)]);

async function resultOf(csv: string, chunk: number) {
  await getDb().execute(sql`delete from discrepancies`);
  await getDb().execute(sql`delete from statement_lines`);
  await getDb().execute(sql`delete from statement_imports`);
  const s = await importCsv(getDb(), csv, { date: "2026-11-24", chunk, repair: false });
  const rows = await getDb().select().from(discrepancies);
  return {
    summary: { statementLines: s.statementLines, matched: s.matched, discrepancies: s.discrepancies },
    report: await reconReport(getDb(), { provider: "sandbox", date: "2026-11-24" }),
    items: rows.map((d) => `${d.type}|${d.providerTransactionId}|${d.orderNo}|${d.differenceMinor}|${d.status}|${d.risk}`).sort(),
  };
}

describe("classification is a function of the statement's content", () => {
  it("shuffling the lines or splitting the file at any byte never changes the result", async () => {
    const reference = await resultOf(sandboxCsv(lines), 1 << 20);
    expect(reference.items.length).toBeGreaterThan(8);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }), fc.integer({ min: 1, max: 4096 }), async (shuffled, chunk) => {
        expect(await resultOf(sandboxCsv(shuffled), chunk)).toEqual(reference);
      }),
      { numRuns: 8 },
    );
  });
});
