import "server-only";

/**
 * PostgreSQL's binary COPY format (docs: "COPY … File Formats → Binary Format"), written straight into a
 * Buffer: for millions of rows, no text to build, escape and for PostgreSQL to parse back. The stream is the
 * header, then rows (a 16-bit field count, each field a 32-bit length, -1 for NULL, and its bytes), then the
 * trailer. Values are in the types' binary forms: big-endian integers, text as UTF-8 bytes, timestamptz as
 * microseconds since 2000-01-01 UTC.
 */
export const BINARY_COPY_HEADER = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8)]);
export const BINARY_COPY_TRAILER = Buffer.from([0xff, 0xff]);

const TWO_32 = 4_294_967_296;
/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01T00:00:00Z). */
const PG_EPOCH_MS = 946_684_800_000;

/** Rows of one batch into one Buffer; `capacity` must cover them (see textBound). */
export class BinaryCopyWriter {
  private readonly buf: Buffer;
  /** Integers go through a DataView: its accessors compile to plain stores, Buffer's writeInt32BE checks and calls. */
  private readonly view: DataView;
  private at = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Bytes a text value may take at most: its length word and three UTF-8 bytes per UTF-16 unit. */
  static textBound(value: string | null): number {
    return 4 + (value === null ? 0 : value.length * 3);
  }

  row(fields: number): void {
    this.view.setInt16(this.at, fields);
    this.at += 2;
  }

  null(): void {
    this.view.setInt32(this.at, -1);
    this.at += 4;
  }

  int4(value: number): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`not an int4: ${value}`);
    this.view.setInt32(this.at, 4);
    this.view.setInt32(this.at + 4, value);
    this.at += 8;
  }

  /** A safe integer as int8 (two 32-bit halves: no BigInt on the hot path). */
  int8(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    const high = Math.floor(value / TWO_32);
    this.view.setInt32(this.at, 8);
    this.view.setInt32(this.at + 4, high);
    this.view.setUint32(this.at + 8, value - high * TWO_32);
    this.at += 12;
  }

  bool(value: boolean): void {
    this.view.setInt32(this.at, 1);
    this.buf[this.at + 4] = value ? 1 : 0;
    this.at += 5;
  }

  /** An instant as timestamptz (microseconds since 2000; Date's whole range fits in int8). */
  timestamptz(at: Date): void {
    const ms = at.getTime();
    if (Number.isNaN(ms)) throw new RangeError("invalid date");
    const us = (ms - PG_EPOCH_MS) * 1000;
    if (Number.isSafeInteger(us)) {
      this.int8(us);
    } else {
      this.view.setInt32(this.at, 8);
      this.view.setBigInt64(this.at + 4, BigInt(ms - PG_EPOCH_MS) * 1000n);
      this.at += 12;
    }
  }

  /**
   * UTF-8 text. Short ASCII values (most statement fields) are copied code by code: cheaper than a call into
   * the encoder. Longer ones (a record's text) and anything non-ASCII go through Buffer.write.
   */
  text(value: string | null): void {
    if (value === null) return this.null();
    const start = this.at + 4;
    const buf = this.buf;
    const n = value.length;
    // Buffer.write would cut the text short, and an index past the end writes nothing: never silently.
    if (start + n * 3 > buf.length) throw new RangeError("BinaryCopyWriter: capacity exceeded (see textBound)");
    if (n > 24) {
      const length = buf.write(value, start, "utf8");
      this.view.setInt32(this.at, length);
      this.at = start + length;
      return;
    }
    let i = 0;
    for (; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) break;
      buf[start + i] = c;
    }
    const length = i === n ? n : i + buf.write(value.slice(i), start + i, "utf8");
    this.view.setInt32(this.at, length);
    this.at = start + length;
  }

  /** The rows written so far. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}
