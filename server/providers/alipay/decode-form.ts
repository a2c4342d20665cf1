import "server-only";
import iconv from "iconv-lite";

// Alipay states the byte encoding of a notify's values in its `charset` parameter (utf-8, gbk, gb2312;
// providers.md §2.1/§2.2) and signs the sorted `k=v&…` string encoded in that charset (§2.3 step 4). The body
// is application/x-www-form-urlencoded, where every non-ASCII byte travels as %XX: the text we receive is
// ASCII, so the exact value bytes can be recovered from it without the raw request bytes. We verify over those
// bytes (no decode/re-encode round trip that could differ) and decode them only for reading.

const DECODERS: Record<string, string> = {
  "utf-8": "utf8",
  utf8: "utf8",
  gbk: "gbk",
  gb2312: "gb2312",
  gb18030: "gb18030",
};

export interface AlipayForm {
  /** The notify's charset as sent, lower-cased ("utf-8" when absent). */
  charset: string;
  /** Values decoded from that charset. */
  params: Map<string, string>;
  /** Values' bytes exactly as sent (percent-decoded, still in `charset`). */
  raw: Map<string, Buffer>;
}

const hex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** WHATWG form percent-decoding to bytes: `+` is a space, a `%` not followed by two hex digits stays literal. */
function percentDecode(text: string): { bytes: Buffer; nonAscii: boolean } {
  const out = Buffer.allocUnsafe(Buffer.byteLength(text, "utf8"));
  let n = 0;
  let nonAscii = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2b) {
      out[n++] = 0x20;
    } else if (c === 0x25 && i + 2 < text.length && hex(text.charCodeAt(i + 1)) && hex(text.charCodeAt(i + 2))) {
      out[n++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else if (c < 0x80) {
      out[n++] = c;
    } else {
      // A raw non-ASCII character: what a UTF-8 form would carry; its original bytes are only known for UTF-8.
      nonAscii = true;
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      n += out.write(ch, n, "utf8");
      if (cp > 0xffff) i++;
    }
  }
  return { bytes: out.subarray(0, n), nonAscii };
}

/** Parses a notify body once; a string is the reason it is malformed. */
export function decodeAlipayForm(body: string): AlipayForm | string {
  const pairs: [string, Buffer][] = [];
  let nonAscii = false;
  const seen = new Set<string>();
  for (const part of body.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = percentDecode(eq === -1 ? part : part.slice(0, eq));
    const value = percentDecode(eq === -1 ? "" : part.slice(eq + 1));
    nonAscii ||= value.nonAscii;
    const key = name.bytes.toString("utf8");
    if (seen.has(key)) return `duplicate parameter ${key.slice(0, 64)}`;
    seen.add(key);
    pairs.push([key, value.bytes]);
  }
  const charsetBytes = pairs.find(([k]) => k === "charset")?.[1];
  const charset = charsetBytes ? charsetBytes.toString("latin1").trim().toLowerCase() : "utf-8";
  const decoder = DECODERS[charset];
  if (!decoder) return `unsupported charset ${charset.slice(0, 32)}`;
  if (nonAscii && decoder !== "utf8") return `raw non-ASCII characters in a ${charset} form body (values must be percent-encoded)`;
  const params = new Map<string, string>();
  const raw = new Map<string, Buffer>();
  for (const [k, bytes] of pairs) {
    raw.set(k, bytes);
    params.set(k, decoder === "utf8" ? bytes.toString("utf8") : iconv.decode(bytes, decoder));
  }
  return { charset, params, raw };
}

/** application/x-www-form-urlencoded serialisation of bytes (what URLSearchParams does for UTF-8). */
export function formEncodeBytes(bytes: Buffer): string {
  let out = "";
  for (const b of bytes) {
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2a || b === 0x2d || b === 0x2e || b === 0x5f) {
      out += String.fromCharCode(b);
    } else if (b === 0x20) {
      out += "+";
    } else {
      out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

/** Encodes text in one of the charsets Alipay uses (tests and our own signing). */
export function encodeInCharset(text: string, charset: string): Buffer {
  const encoder = DECODERS[charset.toLowerCase()];
  if (!encoder) throw new Error(`unsupported charset ${charset}`);
  return encoder === "utf8" ? Buffer.from(text, "utf8") : iconv.encode(text, encoder);
}
