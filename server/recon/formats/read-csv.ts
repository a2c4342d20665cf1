import "server-only";
import { parse as parseSync } from "csv-parse/sync";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
import { Unzip, type UnzipDecoderConstructor } from "fflate";
import iconv from "iconv-lite";
import type { RowError } from "./types";

/** One CSV record as read: its cells (untrimmed), the line it starts on, and its raw text (see rowText). */
export interface CsvRow {
  cells: string[];
  lineNo: number;
  raw: string;
}

export type CsvItem = { row: CsvRow } | { error: RowError };

/** A streaming decoder: Node's ICU TextDecoder (8× faster than iconv-lite on GBK here), iconv-lite without ICU. */
function decoderFor(encoding: "utf8" | "gbk"): { write(chunk: Uint8Array): string; end(): string } {
  try {
    // fatal: false — a broken byte becomes U+FFFD in its cell (and that row fails on its own), not the file.
    const td = new TextDecoder(encoding === "gbk" ? "gbk" : "utf-8");
    return { write: (chunk) => td.decode(chunk, { stream: true }), end: () => td.decode() };
  } catch {
    const d = iconv.getDecoder(encoding === "gbk" ? "gbk" : "utf8");
    return { write: (chunk) => d.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)), end: () => d.end() ?? "" };
  }
}

/** Bytes → text, chunk by chunk: multi-byte characters split across chunks (GBK, UTF-8) and a UTF-8 BOM are handled. */
export async function* decodeText(bytes: AsyncIterable<Uint8Array>, encoding: "utf8" | "gbk"): AsyncGenerator<string> {
  const decoder = decoderFor(encoding);
  for await (const chunk of bytes) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Zip entry names: UTF-8 when the archive says so (flag bit 11), else bytes in the producer's code page (Alipay: GBK). */
function entryName(name: string, bytesAsLatin1: boolean): string {
  return bytesAsLatin1 && /[\u0080-\u00ff]/.test(name) ? iconv.decode(Buffer.from(name, "latin1"), "gbk") : name;
}

/**
 * fflate's Unzip finds the entries as the bytes arrive; deflated data is handed on raw by this pass-through and
 * inflated by node:zlib (native: ~8× faster than fflate's JS inflater on a 190 MB 业务明细).
 */
class RawDeflate {
  static compression = 8;
  ondata: (err: Error | null, data: Uint8Array, final: boolean) => void = () => {};
  push(chunk: Uint8Array, final: boolean): void {
    this.ondata(null, chunk, final);
  }
}

/**
 * Streams the one entry `choose` picks out of a zip (local headers read as they arrive, never the whole archive).
 * Throws when the archive ends without such an entry, naming what it held.
 */
export async function* unzipEntry(bytes: AsyncIterable<Uint8Array>, choose: (name: string) => boolean): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const seen: string[] = [];
  let method: number | undefined;
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    // fflate hands names without the UTF-8 flag over as latin-1 text; undo that for GBK names.
    const name = entryName(file.name, true);
    seen.push(name);
    if (method !== undefined || !choose(name)) return;
    method = file.compression;
    file.ondata = (err, data) => {
      if (err) failure = err;
      else if (data.length > 0) out.push(data);
    };
    try {
      file.start();
    } catch (e) {
      failure = e as Error;
    }
  });
  unzip.register(RawDeflate as unknown as UnzipDecoderConstructor);
  async function* stored(): AsyncGenerator<Uint8Array> {
    // Compressed bytes only pass through here (inflating is zlib's, behind its own backpressure).
    for await (const chunk of bytes) {
      unzip.push(chunk);
      if (failure) throw failure;
      while (out.length > 0) yield out.shift()!;
    }
    unzip.push(new Uint8Array(0), true);
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
    if (method === undefined) throw new Error(`the zip holds no statement entry we read (entries: ${seen.join(", ") || "none"})`);
  }
  const raw = stored();
  const first = await raw.next();
  if (method === undefined || method === 0) {
    if (!first.done) yield first.value;
    yield* raw;
    return;
  }
  if (method !== 8) throw new Error(`the statement entry is compressed with method ${method}, not deflate`);
  async function* all(): AsyncGenerator<Uint8Array> {
    if (!first.done) yield first.value;
    yield* raw;
  }
  const inflater = createInflateRaw();
  const feeding = pipeline(Readable.from(all()), inflater).catch((e: unknown) => {
    inflater.destroy(e as Error);
  });
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) yield chunk;
  } finally {
    inflater.destroy();
    void feeding;
  }
}

/** Peeks at the first bytes and hands them back with the rest of the stream. */
export async function peek(bytes: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const it = bytes[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    first.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(first).subarray(0, n);
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* first;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, stream: rest() };
}

/** A record's text without the breaks around it (row errors show it). */
export const rowText = (raw: string) => raw.replace(/^[\r\n]+|(?:\r\n|\r|\n)$/g, "");

/** Physical lines in a row: the i-th is number firstLineNo + i and ended by breaks[i] (all "\n" when null). */
interface LineBatch {
  firstLineNo: number;
  lines: string[];
  breaks: string[] | null;
}

/**
 * Physical lines of the text with their 1-based numbers and the break that ended each ("" for the last), one
 * batch per text chunk: millions of lines pass through here, and an await (or an object) per line cost more
 * than the split. A chunk without any CR is cut at each LF by indexOf; CRLF and CR take the regex.
 */
async function* physicalLineBatches(text: AsyncIterable<string>): AsyncGenerator<LineBatch> {
  let carry = "";
  let lineNo = 0;
  const breakRe = /\r\n|\r|\n/g;
  for await (const chunk of text) {
    const buf = carry + chunk;
    const lines: string[] = [];
    let breaks: string[] | null = null;
    let from = 0;
    if (buf.indexOf("\r") === -1) {
      for (let i = buf.indexOf("\n"); i !== -1; i = buf.indexOf("\n", from)) {
        lines.push(buf.slice(from, i));
        from = i + 1;
      }
    } else {
      breaks = [];
      breakRe.lastIndex = 0;
      for (let m = breakRe.exec(buf); m; m = breakRe.exec(buf)) {
        // A chunk ending in CR may be half a CRLF: decide with the next chunk.
        if (m[0] === "\r" && m.index === buf.length - 1) break;
        lines.push(buf.slice(from, m.index));
        breaks.push(m[0]);
        from = m.index + m[0].length;
      }
    }
    carry = buf.slice(from);
    if (lines.length > 0) {
      yield { firstLineNo: lineNo + 1, lines, breaks };
      lineNo += lines.length;
    }
  }
  if (carry !== "") {
    if (carry.endsWith("\r")) yield { firstLineNo: lineNo + 1, lines: [carry.slice(0, -1)], breaks: ["\r"] };
    else yield { firstLineNo: lineNo + 1, lines: [carry], breaks: [""] };
  }
}

/**
 * Whether a record is still inside a quoted field at the end of this line (so the next line continues it),
 * by CSV's rule: a quote opens a field only at its start, "" inside it is a quote, a lone " closes it. Quotes
 * inside unquoted fields are text (csv-parse's relax_quotes reads them the same way).
 */
function endsInsideQuotes(line: string, inQuotes: boolean, delimiter: string): boolean {
  let inQ = inQuotes;
  let fieldStart = !inQuotes;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inQ) {
      if (c === 34) {
        if (line.charCodeAt(i + 1) === 34) i++;
        else inQ = false;
      }
    } else if (fieldStart && c === 34) {
      inQ = true;
      fieldStart = false;
    } else if (line.startsWith(delimiter, i)) {
      fieldStart = true;
      i += delimiter.length - 1;
    } else {
      fieldStart = false;
    }
  }
  return inQ;
}

// An opening quote never closed would otherwise swallow the rest of the file into one record.
const MAX_QUOTED_RECORD = 1024 * 1024;

function parseQuoted(raw: string, delimiter: string): string[][] {
  return parseSync(raw, { delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/**
 * The cells of one record's text as csvRecordBatches gave it (its `raw`), read the same way: split on the
 * delimiter without quotes, csv-parse with them. The detail view reads stored lines back with this.
 */
export function recordCells(raw: string, delimiter = ","): string[] {
  if (!raw.includes('"')) return raw.split(delimiter);
  return parseQuoted(raw, delimiter)[0] ?? [];
}

/**
 * Records per batch at most. A chunk of the file holds thousands of lines; handed on as one batch, all their
 * records and lines were alive at once, outlived the young generation's collections and were copied and
 * promoted. Small batches die young (--trace-gc over four reads of a million lines: 4.2 s of scavenges
 * with chunk-sized batches, 1.1 s with these).
 */
const MAX_BATCH = 256;

/**
 * CSV records, streaming, line by line. A line without any quote character is split on the delimiter
 * directly (what any CSV parser makes of it, at a fraction of the cost: statements are millions of such
 * lines); a record with quotes (commas, quotes, line breaks inside fields) is read by csv-parse. CRLF, LF and
 * CR all end lines; empty lines are skipped; a record csv-parse cannot read (an unclosed quote) becomes a
 * RowError and reading goes on. One array per MAX_BATCH records or fewer (see physicalLineBatches).
 */
export async function* csvRecordBatches(text: AsyncIterable<string>, opts: { delimiter?: string } = {}): AsyncGenerator<CsvItem[]> {
  const delimiter = opts.delimiter ?? ",";
  let pending: { lineNo: number; lastLine: number; parts: string[]; size: number } | undefined;
  const quoted = (raw: string, lineNo: number): CsvItem | undefined => {
    try {
      const records = parseQuoted(raw, delimiter);
      if (records.length === 0) return undefined;
      if (records.length > 1) return { error: { lineNo, message: `one record expected, csv-parse read ${records.length}`, raw: rowText(raw).slice(0, 2000) } };
      return { row: { cells: records[0]!, lineNo, raw } };
    } catch (e) {
      return { error: { lineNo, message: (e as Error).message, raw: rowText(raw).slice(0, 2000) } };
    }
  };
  for await (const batch of physicalLineBatches(text)) {
    let out: CsvItem[] = [];
    const { lines, breaks, firstLineNo } = batch;
    for (let k = 0; k < lines.length; k++) {
      if (out.length >= MAX_BATCH) {
        yield out;
        out = [];
      }
      const line = lines[k]!;
      const lineNo = firstLineNo + k;
      const brk = breaks ? breaks[k]! : "\n";
      if (pending) {
        pending.parts.push(line);
        pending.size += line.length;
        pending.lastLine = lineNo;
        if (!endsInsideQuotes(line, true, delimiter)) {
          const item = quoted(pending.parts.join(""), pending.lineNo);
          pending = undefined;
          if (item) out.push(item);
        } else if (pending.size > MAX_QUOTED_RECORD) {
          out.push({ error: { lineNo: pending.lineNo, message: `quoted field not closed: lines ${pending.lineNo}–${lineNo} skipped`, raw: rowText(pending.parts[0]!).slice(0, 2000) } });
          pending = undefined;
        } else {
          pending.parts.push(brk);
        }
        continue;
      }
      if (line === "") continue;
      if (!line.includes('"')) {
        out.push({ row: { cells: line.split(delimiter), lineNo, raw: line } });
        continue;
      }
      if (endsInsideQuotes(line, false, delimiter)) {
        pending = { lineNo, lastLine: lineNo, parts: [line, brk], size: line.length };
        continue;
      }
      const item = quoted(line, lineNo);
      if (item) out.push(item);
    }
    if (out.length > 0) yield out;
  }
  if (pending) yield [{ error: { lineNo: pending.lineNo, message: `quoted field not closed at the end of the file (lines ${pending.lineNo}–${pending.lastLine})`, raw: rowText(pending.parts[0]!).slice(0, 2000) } }];
}

/** csvRecordBatches one record at a time. */
export async function* csvRecords(text: AsyncIterable<string>, opts: { delimiter?: string } = {}): AsyncGenerator<CsvItem> {
  for await (const batch of csvRecordBatches(text, opts)) yield* batch;
}
