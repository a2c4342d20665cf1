import "server-only";

/**
 * A statement line's fields by header name, cleaned text, for the side-by-side view. The header is shared by
 * every line of a file; a line keeps its cells and the record's text as the file has it. Only the text is
 * stored (`statement_lines.raw_text`, with the header on the import): the fields are read back from it when
 * someone looks (statementLineFields). Writing every line's fields out as JSON was two thirds of the bytes
 * a million-line statement loaded, and half of the time spent preparing them.
 */
export class RawHeader {
  /** Names in the order an object built from the header would list them (integer-like names first). */
  readonly names: readonly string[];
  /** Column of each name: the last one, when a name repeats (as assigning them in turn would leave it). */
  readonly columns: readonly number[];

  /** `cells`: the header row as read, cleaned (stored on the import as `raw_header`). */
  constructor(readonly cells: readonly string[]) {
    const template: Record<string, number> = {};
    cells.forEach((name, i) => {
      if (name !== "") template[name] = i;
    });
    this.names = Object.keys(template);
    this.columns = this.names.map((name) => template[name]!);
  }

  /** A row's cells by name: what an object assigned column by column would hold, in the same key order. */
  recordOf(cells: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    this.names.forEach((name, j) => {
      out[name] = cells[this.columns[j]!] ?? "";
    });
    return out;
  }
}

export class RawFields {
  constructor(
    readonly header: RawHeader,
    private readonly cells: readonly string[],
    /** The record's text in the decoded file (csv-read's `raw`): what is stored. */
    readonly text: string,
  ) {}

  toRecord(): Record<string, string> {
    return this.header.recordOf(this.cells);
  }

  /** JSON.stringify(line) writes the record (logs, tests), not the header and cells. */
  toJSON(): Record<string, string> {
    return this.toRecord();
  }
}
