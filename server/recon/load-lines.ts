import "server-only";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { columnList, jsonRecordset } from "@/server/lib/sql";
import { isoUtcText } from "./formats/statement-time";
import type { StatementLine } from "./formats/types";
import { linePartitionName } from "./line-partitions";

/** Failed, closed or cancelled lines are statement lines but no money moved: they match nothing. */
const NOT_SUCCESS = /fail|closed|close|revoked|cancel|void|reject|declin|expired|失败|关闭|撤销|取消/i;

/** The answers for the statuses seen lately: a file has a handful (the regex per line was a tenth of preparing it). */
const successOf = new Map<string, boolean>();

export function isSuccessStatus(status: string): boolean {
  let success = successOf.get(status);
  if (success === undefined) {
    success = !NOT_SUCCESS.test(status);
    if (successOf.size >= 64) successOf.clear();
    successOf.set(status, success);
  }
  return success;
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

interface PgPoolLike {
  connect(): Promise<{ query(q: unknown): unknown; release(err?: Error | boolean): void }>;
}

export async function openLineSink(db: Db, importId: number): Promise<LineSink> {
  const table = linePartitionName(importId);
  const client = (db as unknown as { $client?: unknown }).$client;
  const pg = await import("pg");
  if (client instanceof pg.default.Pool) return openCopySink(client as unknown as PgPoolLike, importId, table);
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
      await db.execute(sql`insert into ${sql.raw(`"${table}"`)} (${columns}) select ${columns} from ${jsonRecordset("x", LINE_ROW, rows)}`);
    },
    async close() {},
    async abort() {},
  };
}

// COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL. Most values need nothing:
// looking first is cheaper than a replace that finds nothing (millions of values per statement), and a loop
// over the characters cheaper than a regex for these short values.
const ESCAPED = /[\\\t\n\r]/g;
function copyText(value: string | null): string {
  if (value === null) return "\\N";
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) {
      return value.replace(ESCAPED, (ch) => (ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r"));
    }
  }
  return value;
}

const MAX_QUEUED = 16 * 1024 * 1024;

/**
 * PostgreSQL text cannot hold NUL: in a record's text (any column of the file, a product name say) it is kept
 * as U+FFFD, and the fields read back show that character replaced.
 */
function storableText(text: string): string {
  return text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text;
}

/** Lines of one import as COPY text rows, in COLUMNS' order; `counts` adds up the successful payments. */
function copyRows(importId: string, lines: StatementLine[], counts: { successfulPayments: number }): string {
  // Each row joined from an array, then the rows: a flat string each time. Concatenating the fields (a template)
  // built a rope of some thirty pieces per line for the garbage collector, and took twice as long.
  const rows = new Array<string>(lines.length + 1);
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!;
    const success = isSuccessStatus(l.status);
    if (success && l.kind === "payment") counts.successfulPayments++;
    rows[k] = [
      importId,
      l.lineNo,
      l.kind,
      copyText(l.providerTransactionId),
      copyText(l.orderNo),
      copyText(l.refundNo),
      copyText(l.providerRefundId),
      l.amountMinor,
      l.feeMinor ?? "\\N",
      copyText(l.currency),
      isoUtcText(l.occurredAt),
      copyText(l.status),
      success ? "t" : "f",
      success ? "matched" : "ignored",
      copyText(storableText(l.raw.text)),
    ].join("\t");
  }
  rows[lines.length] = "";
  return rows.join("\n");
}

async function openCopySink(pool: PgPoolLike, importId: number, table: string): Promise<LineSink> {
  const { from } = await import("pg-copy-streams");
  const conn = await pool.connect();
  const stream = conn.query(from(`COPY "${table}" (${COLUMNS}) FROM STDIN`)) as Writable;
  let failed: Error | undefined;
  stream.on("error", (e: Error) => (failed = e));
  const id = String(importId);
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
      // Encoded here: what waits for the socket is then bytes outside the JavaScript heap, not 16 MB of
      // strings the garbage collector would carry from one collection to the next.
      const bytes = Buffer.from(copyRows(id, lines, counts), "utf8");
      queued += bytes.length;
      stream.write(bytes, sent(bytes.length));
      if (queued > MAX_QUEUED) await Promise.race([new Promise<void>((r) => (resume = r)), once(stream, "error"), once(stream, "close")]);
      if (failed) throw failed;
    },
    async close() {
      try {
        stream.end();
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
