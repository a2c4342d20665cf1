import "server-only";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { columnList, jsonRecordset } from "@/server/lib/sql";
import type { StatementLine } from "./formats/types";
import { linePartitionName } from "./line-partitions";

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
  return {
    async write(lines) {
      if (lines.length === 0) return;
      const rows = lines.map((l) => {
        const success = isSuccessStatus(l.status);
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
// testing first is cheaper than a replace that finds nothing (millions of values per statement).
const ESCAPED = /[\\\t\n\r]/g;
const NEEDS_ESCAPE = new RegExp(ESCAPED.source); // not global: test() keeps no state between values
function copyText(value: string | null): string {
  if (value === null) return "\\N";
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(ESCAPED, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

const MAX_QUEUED = 16 * 1024 * 1024;

/**
 * PostgreSQL text cannot hold NUL: in a record's text (any column of the file, a product name say) it is kept
 * as U+FFFD, and the fields read back show that character replaced.
 */
function storableText(text: string): string {
  return text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text;
}

/** Lines of one import as COPY text rows, in COLUMNS' order. */
function copyRows(importId: string, lines: StatementLine[]): string {
  let text = "";
  for (const l of lines) {
    const success = isSuccessStatus(l.status);
    text +=
      `${importId}\t${l.lineNo}\t${l.kind}\t${copyText(l.providerTransactionId)}\t${copyText(l.orderNo)}\t${copyText(l.refundNo)}\t` +
      `${copyText(l.providerRefundId)}\t${l.amountMinor}\t${l.feeMinor ?? "\\N"}\t${copyText(l.currency)}\t${l.occurredAt.toISOString()}\t` +
      `${copyText(l.status)}\t${success ? "t" : "f"}\t${success ? "matched" : "ignored"}\t${copyText(storableText(l.raw.text))}\n`;
  }
  return text;
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
  // MAX_QUEUED characters stay queued, and the parser resumes as soon as half of them are gone.
  let queued = 0;
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
    async write(lines) {
      if (failed) throw failed;
      const text = copyRows(id, lines);
      queued += text.length;
      stream.write(text, sent(text.length));
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
