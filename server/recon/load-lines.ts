import "server-only";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type { Pool } from "pg";
import { nodePgPoolOf, type Db } from "@/db/client";
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER, BinaryCopyWriter as B } from "@/server/lib/pg-copy-binary";
import { columnList, jsonRecordset } from "@/server/lib/sql";
import type { StatementLine } from "./formats/types";
import { linePartitionName, linesOf } from "./line-partitions";

/** Failed, closed or cancelled lines are statement lines but no money moved: they match nothing. */
const NOT_SUCCESS = /fail|closed|close|revoked|cancel|void|reject|declin|expired|失败|关闭|撤销|取消/i;

export function isSuccessStatus(status: string): boolean {
  return !NOT_SUCCESS.test(status);
}

/**
 * Writes parsed lines of one import in batches into the import's own bare table (line-partitions.ts): COPY on
 * node-postgres, one multi-row insert per batch elsewhere.
 */
export interface LineSink {
  write(lines: StatementLine[]): Promise<void>;
  /** Payment lines written so far that the provider calls successful (the ones matching counts). */
  readonly successfulPayments: number;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** statement_lines' columns as the loader writes them: the COPY column list and the embedded insert's spec. */
const LINE_ROW = {
  import_id: "bigint",
  line_no: "int",
  kind: "text",
  provider_transaction_id: "text",
  order_no: "text",
  refund_no: "text",
  provider_refund_id: "text",
  amount_minor: "bigint",
  fee_minor: "bigint",
  currency: "text",
  occurred_at: "timestamptz",
  status: "text",
  success: "boolean",
  match: "text",
  raw_text: "text",
};
const COLUMNS = Object.keys(LINE_ROW).join(", ");

export async function openLineSink(db: Db, importId: number): Promise<LineSink> {
  const pool = await nodePgPoolOf(db);
  if (pool) return openCopySink(pool, importId);
  let successfulPayments = 0;
  return {
    get successfulPayments() {
      return successfulPayments;
    },
    async write(lines) {
      if (lines.length === 0) return;
      const rows = lines.map((l) => {
        const success = isSuccessStatus(l.status);
        if (success && l.kind === "payment") successfulPayments++;
        return {
          import_id: importId,
          line_no: l.lineNo,
          kind: l.kind,
          provider_transaction_id: l.providerTransactionId,
          order_no: l.orderNo,
          refund_no: l.refundNo,
          provider_refund_id: l.providerRefundId,
          amount_minor: l.amountMinor,
          fee_minor: l.feeMinor,
          currency: l.currency,
          occurred_at: l.occurredAt.toISOString(),
          status: l.status,
          success,
          match: success ? "matched" : "ignored",
          raw_text: storableText(l.raw.text),
        };
      });
      const columns = columnList(LINE_ROW);
      await db.execute(sql`insert into ${linesOf(importId)} (${columns}) select ${columns} from ${jsonRecordset("x", LINE_ROW, rows)}`);
    },
    async close() {},
    async abort() {},
  };
}

const MAX_QUEUED = 16 * 1024 * 1024;

/**
 * PostgreSQL text cannot hold NUL: in a record's text (any column of the file, a product name say) it is kept
 * as U+FFFD, and the fields read back show that character replaced.
 */
function storableText(text: string): string {
  return text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text;
}

/** The COPY rows of one batch of lines, in COLUMNS' order; `counts` adds up the successful payments. */
function copyRows(importId: number, lines: StatementLine[], counts: { successfulPayments: number }): Buffer {
  // Bytes at most: per row the field count, the fixed-size fields with their lengths, and the texts.
  let capacity = 0;
  for (const l of lines) {
    capacity +=
      2 + 12 + 8 + 12 + 12 + 12 + 5 +
      B.textBound(l.kind) + B.textBound(l.providerTransactionId) + B.textBound(l.orderNo) + B.textBound(l.refundNo) +
      B.textBound(l.providerRefundId) + B.textBound(l.currency) + B.textBound(l.status) + B.textBound("ignored") + B.textBound(l.raw.text);
  }
  const w = new B(capacity);
  for (const l of lines) {
    const success = isSuccessStatus(l.status);
    if (success && l.kind === "payment") counts.successfulPayments++;
    w.row(15);
    w.int8(importId);
    w.int4(l.lineNo);
    w.text(l.kind);
    w.text(l.providerTransactionId);
    w.text(l.orderNo);
    w.text(l.refundNo);
    w.text(l.providerRefundId);
    w.int8(l.amountMinor);
    if (l.feeMinor === null) w.null();
    else w.int8(l.feeMinor);
    w.text(l.currency);
    w.timestamptz(l.occurredAt);
    w.text(l.status);
    w.bool(success);
    w.text(success ? "matched" : "ignored");
    w.text(storableText(l.raw.text));
  }
  return w.bytes();
}

async function openCopySink(pool: Pool, importId: number): Promise<LineSink> {
  const { from } = await import("pg-copy-streams");
  const conn = await pool.connect();
  // Binary: nothing to escape, and PostgreSQL reads the values without parsing text (measured: Node spent
  // more time building the text rows than reading the file).
  const stream = conn.query(from(`COPY "${linePartitionName(importId)}" (${COLUMNS}) FROM STDIN WITH (FORMAT binary)`));
  let failed: Error | undefined;
  stream.on("error", (e: Error) => (failed = e));
  stream.write(BINARY_COPY_HEADER);
  // Backpressure by the text still waiting for the socket, not by the stream's 'drain' (which waits until
  // everything queued is on the socket, so PostgreSQL would sit idle while the next batch is parsed): up to
  // MAX_QUEUED bytes stay queued, and the parser resumes as soon as half of them are gone.
  let queued = 0;
  const counts = { successfulPayments: 0 };
  let resume: (() => void) | undefined;
  const sent = (size: number) => () => {
    queued -= size;
    if (resume && queued <= MAX_QUEUED / 2) {
      const r = resume;
      resume = undefined;
      r();
    }
  };
  return {
    get successfulPayments() {
      return counts.successfulPayments;
    },
    async write(lines) {
      if (failed) throw failed;
      if (lines.length === 0) return;
      // Bytes outside the JavaScript heap wait for the socket (not strings the collector would carry along).
      const bytes = copyRows(importId, lines, counts);
      queued += bytes.length;
      stream.write(bytes, sent(bytes.length));
      if (queued > MAX_QUEUED) await Promise.race([new Promise<void>((r) => (resume = r)), once(stream, "error"), once(stream, "close")]);
      if (failed) throw failed;
    },
    async close() {
      try {
        stream.end(BINARY_COPY_TRAILER);
        await finished(stream);
      } finally {
        conn.release(failed);
      }
    },
    async abort() {
      stream.destroy(new Error("import aborted"));
      conn.release(true);
    },
  };
}
