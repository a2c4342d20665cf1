// Money is an integer count of minor units plus an ISO-4217 code. Never a float.

const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value);
}

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
  const major = minorToMajorString(minor, currency);
  // Intl accepts a decimal string exactly (no float round trip) in Node 20 and current browsers.
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(major as unknown as number);
}
