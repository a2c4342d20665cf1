import "server-only";

/**
 * A statement line's fields by header name, cleaned text, for the side-by-side view. The header is shared by
 * every line of a file; a line keeps only its cells, and its JSON text is written straight from them: building
 * an object per line and stringifying it was the largest single cost of loading a million lines.
 */
export class RawHeader {
  /** Names in the order an object built from the header would list them (integer-like names first). */
  readonly names: readonly string[];
  /** Column of each name: the last one, when a name repeats (as assigning them in turn would leave it). */
  readonly columns: readonly number[];
  private readonly prefixes: readonly string[];

  constructor(header: readonly string[]) {
    const template: Record<string, number> = {};
    header.forEach((name, i) => {
      if (name !== "") template[name] = i;
    });
    this.names = Object.keys(template);
    this.columns = this.names.map((name) => template[name]!);
    this.prefixes = this.names.map((name, j) => `${j === 0 ? "{" : ","}${JSON.stringify(name)}:`);
  }

  /** JSON.stringify of the record, without building it. */
  json(cells: readonly string[]): string {
    if (this.names.length === 0) return "{}";
    let out = "";
    for (let j = 0; j < this.names.length; j++) {
      const value = cells[this.columns[j]!] ?? "";
      out += this.prefixes[j]! + (PLAIN.test(value) ? `"${value}"` : JSON.stringify(value));
    }
    return `${out}}`;
  }
}

// Text JSON.stringify writes unchanged between quotes: no quote, backslash, control character or surrogate.
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

export class RawFields {
  constructor(
    private readonly header: RawHeader,
    private readonly cells: readonly string[],
  ) {}

  toRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    this.header.names.forEach((name, j) => {
      out[name] = this.cells[this.header.columns[j]!] ?? "";
    });
    return out;
  }

  /** JSON.stringify(line) writes the record (the embedded database's insert, logs, tests). */
  toJSON(): Record<string, string> {
    return this.toRecord();
  }

  /** The record's JSON text, exactly as JSON.stringify(toRecord()) would write it. */
  json(): string {
    return this.header.json(this.cells);
  }
}
