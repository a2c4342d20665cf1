// Money is an integer count of minor units plus an ISO-4217 code. Never a float.

import { currencyExponent, isCurrencyCode } from "./currency";

export { currencyExponent, isCurrencyCode } from "./currency";

/**
 * Parses a decimal string of major units ("12.30", "-5.00", "0.1") into minor units, exactly, by string.
 * Rejects more fraction digits than the currency has, exponents, separators and anything else.
 */
export function parseMajorToMinor(text: string, currency: string): number {
  const exp = currencyExponent(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal amount: "${text}"`);
  const [, sign, whole, frac = ""] = m;
  if (frac.length > exp) {
    // Trailing zeros beyond the exponent are harmless ("1.000" CNY); anything else is not representable.
    if (!/^0*$/.test(frac.slice(exp))) throw new RangeError(`"${text}" has more than ${exp} decimals for ${currency}`);
  }
  const digits = (whole! + frac.slice(0, exp).padEnd(exp, "0")).replace(/^0+(?=\d)/, "");
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount out of range: "${text}"`);
  return sign && value !== 0 ? -value : value;
}

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
