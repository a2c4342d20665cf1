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
