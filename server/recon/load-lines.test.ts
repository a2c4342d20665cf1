import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "@/server/lib/sql";
import { useTestDb } from "@/test/db";
import { RawFields, RawHeader } from "./formats/raw-fields";
import type { StatementLine } from "./formats/types";
import { createLinePartition, dropLinePartition, linePartitionName } from "./line-partitions";
import { isSuccessStatus, openLineSink } from "./load-lines";

const getDb = useTestDb();
const header = new RawHeader(["a"]);

// Any text PostgreSQL can hold in an id or status (no NUL), with non-ASCII and astral characters; the record's
// text may hold NUL too (kept as U+FFFD).
const text = fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => s.replaceAll("\0", ""));
const line = fc.record({
  kind: fc.constantFrom("payment" as const, "refund" as const),
  providerTransactionId: text,
  orderNo: fc.option(text),
  refundNo: fc.option(text),
  providerRefundId: fc.option(text),
  amountMinor: fc.maxSafeInteger().chain((n) => fc.oneof(fc.constant(n), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.constant(-n))),
  feeMinor: fc.option(fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.maxSafeInteger())),
  currency: fc.constantFrom("CNY", "USD", "JPY", "EUR"),
  // Date's range up to year 9999 and back to year 100, both sides of 1970 and 2000 (PostgreSQL's epoch)
  occurredAt: fc.date({ min: new Date("0100-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }),
  status: fc.oneof(text, fc.constantFrom("success", "failed", "成功", "已关闭", "SUCCESS")),
  rawText: fc.string({ unit: "grapheme", maxLength: 40 }),
});

interface Stored {
  line_no: number;
  kind: string;
  ptid: string;
  order_no: string | null;
  refund_no: string | null;
  provider_refund_id: string | null;
  amount: string;
  fee: string | null;
  currency: string;
  at_ms: string;
  status: string;
  success: boolean;
  match: string;
  raw_text: string;
}

let nextImportId = 70_000;

describe("openLineSink", () => {
  // On PostgreSQL this is binary COPY (values written byte by byte); on PGlite the one-statement insert.
  it("stores every line exactly as given: any text, the whole safe integer range, any instant from year 100 to 9999", async () => {
    const db = getDb();
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 7 }), async (given, batch) => {
        const importId = nextImportId++;
        await createLinePartition(db, importId);
        try {
          const lines: StatementLine[] = given.map((g, i) => ({ ...g, lineNo: i + 1, raw: new RawFields(header, [g.rawText], g.rawText) }));
          const sink = await openLineSink(db, importId);
          for (let i = 0; i < lines.length; i += batch) await sink.write(lines.slice(i, i + batch));
          await sink.close();
          const successes = lines.filter((l) => l.kind === "payment" && isSuccessStatus(l.status)).length;
          expect(sink.successfulPayments).toBe(successes);

          const stored = rowsOf<Stored>(
            await db.execute(sql`select line_no, kind, provider_transaction_id as ptid, order_no, refund_no, provider_refund_id,
              amount_minor::text as amount, fee_minor::text as fee, currency, (extract(epoch from occurred_at) * 1000)::bigint::text as at_ms,
              status, success, match, raw_text
              from ${sql.raw(`"${linePartitionName(importId)}"`)} where import_id = ${importId} order by line_no`),
          );
          expect(stored).toEqual(
            lines.map((l) => {
              const success = isSuccessStatus(l.status);
              return {
                line_no: l.lineNo,
                kind: l.kind,
                ptid: l.providerTransactionId,
                order_no: l.orderNo,
                refund_no: l.refundNo,
                provider_refund_id: l.providerRefundId,
                amount: String(l.amountMinor),
                fee: l.feeMinor === null ? null : String(l.feeMinor),
                currency: l.currency,
                at_ms: String(l.occurredAt.getTime()),
                status: l.status,
                success,
                match: success ? "matched" : "ignored",
                raw_text: l.raw.text.replaceAll("\0", "\uFFFD"),
              };
            }),
          );
        } finally {
          await dropLinePartition(db, importId);
        }
      }),
      { numRuns: 40 },
    );
  });
});
