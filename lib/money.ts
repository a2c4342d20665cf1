// Money is an integer count of minor units plus an ISO-4217 code. Never a float.

import { currencyExponent, isCurrencyCode } from "./currency";

export { currencyExponent, isCurrencyCode } from "./currency";

/**
 * Parses a decimal string of major units ("12.30", "-5.00", "0.1") into minor units, exactly, by string.
 * Rejects more fraction digits than the currency has, exponents, separators and anything else.
 */
export function parseMajorToMinor(text: string, currency: string): number {
  const exp = currencyExponent(currency);
  // One pass over the characters, digits accumulated as they come (statements parse millions of amounts; a
  // regex, substrings and a second Number() per amount were a tenth of reading one). Exact: below 2^53 every
  // step is an exact integer, and a value that reaches 2^53 stays there or above, so the range check sees it.
  const t = text.trim();
  const n = t.length;
  let i = t.charCodeAt(0) === 45 ? 1 : 0;
  const negative = i === 1;
  let value = 0;
  const wholeStart = i;
  for (; i < n; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  if (i === wholeStart) throw notDecimal(text);
  let kept = 0;
  let excess = false;
  if (i < n) {
    if (t.charCodeAt(i) !== 46) throw notDecimal(text);
    const fracStart = ++i;
    for (; i < n; i++) {
      const d = t.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw notDecimal(text);
      if (kept < exp) {
        value = value * 10 + d;
        kept++;
      } else if (d !== 0) {
        // Trailing zeros beyond the exponent are harmless ("1.000" CNY); anything else is not representable.
        excess = true;
      }
    }
    if (i === fracStart) throw notDecimal(text);
  }
  if (excess) throw new RangeError(`"${text}" has more than ${exp} decimals for ${currency}`);
  for (; kept < exp; kept++) value *= 10;
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount out of range: "${text}"`);
  return negative && value !== 0 ? -value : value;
}

const notDecimal = (text: string) => new RangeError(`not a decimal amount: "${text}"`);

/** Minor units → plain decimal string of major units ("1230", "CNY" → "12.30"). For wire formats, not display. */
export function minorToMajorString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError("amount must be a safe integer");
  const exp = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0");
  const text = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return negative ? `-${text}` : text;
}

/** Display formatting, only at the UI edge. */
export function formatMoney(minor: number, currency: string, locale = "zh-CN"): string {
  // Rows stored before codes were checked against ISO 4217 must still render, never crash a page.
  if (!isCurrencyCode(currency)) return `${minor} ${currency} (minor units)`;
  const major = minorToMajorString(minor, currency);
  // Intl accepts a decimal string exactly (no float round trip) in Node 20 and current browsers.
  // Digits from our ISO table, not the locale data's (CLDR shows e.g. 0 digits for some currencies ISO gives 2).
  const exp = currencyExponent(currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: exp, maximumFractionDigits: exp }).format(
    major as unknown as number,
  );
}
