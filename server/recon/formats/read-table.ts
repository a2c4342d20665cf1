import "server-only";
import { isCurrencyCode, parseMajorToMinor } from "@/lib/money";
import { RawFields, RawHeader } from "./raw-fields";
import { csvRecordBatches, rowText } from "./read-csv";
import type { ParsedRecord, StatementLine, StatementLineInput } from "./types";

/** A row that is not a usable statement line; the message is what people read next to the line number. */
export class RowProblem extends Error {}

export type Field = (name: string) => string;

/** How one file format reads: where its header is, which rows after it are data, and what a data row means. */
export interface TableReader {
  /** Shown when no header row turns up (the file is not of this format). */
  formatName: string;
  delimiter?: string;
  /** Physical lines to ignore before looking for the header. */
  skipLines?: number;
  /** Cell text as people mean it: Alipay's trailing TABs, WeChat's leading back-ticks, spaces. */
  clean(cell: string): string;
  isHeader(cells: string[]): boolean;
  /** Rows after the header: data, a row to skip (comments, totals), or the start of a trailing summary. */
  classify(cells: string[]): "data" | "skip" | "end";
  /** A data row → a statement line, null when the row is not one we reconcile (payouts, other categories). */
  toLine(field: Field): StatementLineInput | null;
}

// Header names compared loosely: full-width parentheses （元） and spaces vary between exports.
const norm = (name: string) => name.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")").toLowerCase();

/** The records of a table, one array per batch of CSV records (an await per line cost more than reading it). */
export async function* readTableBatches(text: AsyncIterable<string>, reader: TableReader): AsyncGenerator<ParsedRecord[]> {
  let header: string[] | undefined;
  let rawHeader: RawHeader | undefined;
  let index = new Map<string, number>();
  // Column positions by the names the reader asks for, resolved once per name (not per row: millions of rows).
  const positions = new Map<string, number>();
  let cells: string[] = [];
  const field: Field = (name) => {
    let i = positions.get(name);
    if (i === undefined) {
      i = index.get(norm(name)) ?? -1;
      positions.set(name, i);
    }
    return i < 0 ? "" : (cells[i] ?? "");
  };
  let ended = false;
  for await (const items of csvRecordBatches(text, { delimiter: reader.delimiter })) {
    const out: ParsedRecord[] = [];
    for (const item of items) {
      if ("error" in item) {
        if (header && !ended) out.push({ ok: false, error: item.error });
        continue;
      }
      const { row } = item;
      if (ended || row.lineNo <= (reader.skipLines ?? 0)) continue;
      // Cleaned in place: the reader's array is ours (one array less per line of a million-line file).
      cells = row.cells;
      for (let i = 0; i < cells.length; i++) cells[i] = reader.clean(cells[i]!);
      if (!header) {
        if (reader.isHeader(cells)) {
          header = cells;
          rawHeader = new RawHeader(cells);
          index = new Map(cells.map((name, i) => [norm(name), i]));
          positions.clear();
        }
        continue;
      }
      const kind = reader.classify(cells);
      if (kind === "end") {
        ended = true;
        continue;
      }
      if (kind === "skip" || cells.every((c) => c === "")) continue;
      if (cells.length !== header.length) {
        // Most often an unquoted comma in a product name: every later column would be shifted, amounts included.
        out.push({ ok: false, error: { lineNo: row.lineNo, message: `expected ${header.length} fields, found ${cells.length}`, raw: rowText(row.raw).slice(0, 2000) } });
        continue;
      }
      try {
        const line = reader.toLine(field);
        if (!line) continue;
        const parsed = line as StatementLine;
        parsed.lineNo = row.lineNo;
        parsed.raw = new RawFields(rawHeader!, cells, row.raw);
        out.push({ ok: true, line: parsed });
      } catch (e) {
        if (!(e instanceof RowProblem)) throw e;
        out.push({ ok: false, error: { lineNo: row.lineNo, message: e.message, raw: rowText(row.raw).slice(0, 2000) } });
      }
    }
    if (out.length > 0) yield out;
  }
  if (!header) throw new Error(`not a ${reader.formatName}: no header row found`);
}

export function required(field: Field, name: string): string {
  const v = field(name);
  if (v === "") throw new RowProblem(`${name} is empty`);
  return v;
}

/** A decimal string of major units → minor units, exactly ("-5.00" → -500); empty or malformed → RowProblem. */
export function amountOf(text: string, currency: string, name: string): number {
  if (text === "") throw new RowProblem(`${name} is empty`);
  try {
    return parseMajorToMinor(text.charCodeAt(0) === 43 ? text.slice(1) : text, currency);
  } catch (e) {
    throw new RowProblem(`${name}: ${(e as Error).message}`);
  }
}

export function currencyOf(text: string, fallback: string): string {
  // Every line of a statement names the same currency or two: the last code read is kept.
  if (text !== "" && text === lastCurrencyText) return lastCurrency;
  const c = (text || fallback).toUpperCase();
  if (!isCurrencyCode(c)) throw new RowProblem(`unknown currency "${text}"`);
  if (text !== "") {
    lastCurrencyText = text;
    lastCurrency = c;
  }
  return c;
}
let lastCurrencyText = "";
let lastCurrency = "";

export function timeOf(parsed: Date | undefined, text: string, name: string): Date {
  if (!parsed) throw new RowProblem(text === "" ? `${name} is empty` : `${name} "${text}" is not a time`);
  return parsed;
}
