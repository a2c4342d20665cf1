import "server-only";
/**
 * Alipay's string-to-sign: every parameter except the excluded ones, sorted by key in ASCII order, as
 * `k=v` joined by `&`, values already decoded (providers.md §2.3). Empty values are kept: we sign
 * exactly what was received (whether Alipay ever sends empties is unconfirmed).
 */
export function buildAlipaySignContent(params: Iterable<readonly [string, string]>, exclude: readonly string[] = ["sign", "sign_type"]): string {
  return [...params]
    .filter(([k]) => !exclude.includes(k))
    // Plain code-unit comparison = ASCII order for ASCII keys; localeCompare would not be.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

const AMP = Buffer.from("&");
const EQ = Buffer.from("=");

/**
 * The same string as bytes in the notify's charset, built from the values' bytes as sent (see
 * decode-form.ts): what Alipay signed, without decoding and re-encoding GBK text.
 */
export function buildAlipaySignContentBytes(raw: ReadonlyMap<string, Buffer>, exclude: readonly string[] = ["sign", "sign_type"]): Buffer {
  const parts: Buffer[] = [];
  const keys = [...raw.keys()].filter((k) => !exclude.includes(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) {
    if (parts.length > 0) parts.push(AMP);
    parts.push(Buffer.from(k, "utf8"), EQ, raw.get(k)!);
  }
  return Buffer.concat(parts);
}
