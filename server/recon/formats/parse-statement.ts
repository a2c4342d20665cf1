import "server-only";
import { alipayReader, isAlipayDetailEntry } from "./alipay-statement";
import { mappedReader } from "./mapped-statement";
import { RawHeader } from "./raw-fields";
import { decodeText, peek, recordCells, unzipEntry } from "./read-csv";
import { readTableBatches, type TableReader } from "./read-table";
import { sandboxReader } from "./sandbox-statement";
import { stripeReader } from "./stripe-statement";
import type { ParsedRecord, StatementFormat } from "./types";
import { wechatpayReader } from "./wechatpay-statement";

const READERS = { alipay: alipayReader, wechatpay: wechatpayReader, stripe: stripeReader, sandbox: sandboxReader } as const;
const ENCODING = { alipay: "gbk", wechatpay: "utf8", stripe: "utf8", sandbox: "utf8" } as const;

/** How a format reads its table (cleaning, delimiter, header, rows). */
function readerOf(format: StatementFormat): TableReader {
  return format.kind === "mapping" ? mappedReader(format.mapping) : READERS[format.provider];
}

/**
 * A stored line's fields by header name (the side-by-side view): its record text read again as the import
 * read it, with the import's format and header. Equal to what the import had in hand (a property test says so).
 */
export function statementLineFields(format: StatementFormat, header: readonly string[], rawText: string): Record<string, string> {
  const reader = readerOf(format);
  const cells = recordCells(rawText, reader.delimiter ?? ",").map(reader.clean);
  return new RawHeader(header).recordOf(cells);
}

/**
 * A statement file → its payment and refund lines, streaming: bytes are unzipped, decoded and parsed as they
 * arrive and each line is yielded before the next chunk is read, so memory stays flat for millions of lines.
 * Headers, summaries and comment lines are never yielded; a bad row yields { ok: false } and reading goes on.
 * Throws when the file is not of the format at all (no header row, a zip without the detail entry).
 */
export async function* parseStatement(format: StatementFormat, input: AsyncIterable<Uint8Array>): AsyncGenerator<ParsedRecord> {
  for await (const batch of parseStatementBatches(format, input)) yield* batch;
}

/** parseStatement's records, one array per chunk of the file (the import's path: no await per line). */
export async function* parseStatementBatches(format: StatementFormat, input: AsyncIterable<Uint8Array>): AsyncGenerator<ParsedRecord[]> {
  const reader = readerOf(format);
  const encoding = format.kind === "mapping" ? (format.mapping.encoding ?? "utf8") : ENCODING[format.provider];
  let bytes = input;
  const { head, stream } = await peek(input, 4);
  bytes = stream;
  // "PK\3\4": the zip as downloaded (Alipay's <PID>0156_<date>.csv.zip); otherwise the CSV itself.
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    bytes = unzipEntry(bytes, format.kind === "provider" && format.provider === "alipay" ? isAlipayDetailEntry : (name) => /\.csv$/i.test(name) && !/汇总/.test(name));
  }
  yield* readTableBatches(decodeText(bytes, encoding), reader);
}
