// ISO 4217 currencies in current use, with each one's minor-unit exponent (ISO 4217 list one, 2025).
// Funds, precious metals and test codes (XAU, XDR, XTS, XXX…) have no minor unit and are not money an
// order can be paid in, so they are left out. The one table: order registration validates against it,
// provider messages are checked against it, and amounts are parsed and formatted with its exponents.

const ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const THREE = "BHD IQD JOD KWD LYD OMR TND";
const FOUR = "CLF UYW";
const TWO =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF " +
  "CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD " +
  "HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT " +
  "MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR " +
  "SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU " +
  "UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";

function entries(codes: string, exponent: number): [string, number][] {
  return codes.split(" ").map((c) => [c, exponent]);
}

export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries([...entries(ZERO, 0), ...entries(TWO, 2), ...entries(THREE, 3), ...entries(FOUR, 4)]),
);

// The same table as a Map: statements look a currency up twice per line, millions of lines (a frozen object of
// 180 keys is a dictionary, and upper-casing first allocated a string per lookup).
const EXPONENTS: ReadonlyMap<string, number> = new Map(Object.entries(CURRENCY_EXPONENTS));

/** True for an upper-case ISO 4217 code of a currency in use ("CNY"); false for "cny", "ABC", "XXX". */
export function isCurrencyCode(value: string): boolean {
  return EXPONENTS.has(value);
}

/** Minor-unit digits of an ISO 4217 currency (CNY 2, JPY 0, KWD 3). Unknown codes throw: never guess. */
export function currencyExponent(currency: string): number {
  // A statement asks for the same currency millions of times in a row: the last answer is kept.
  if (currency === lastCurrency) return lastExponent;
  const exp = EXPONENTS.get(currency) ?? EXPONENTS.get(currency.toUpperCase());
  if (exp === undefined) throw new RangeError(`not an ISO 4217 currency: "${currency}"`);
  lastCurrency = currency;
  lastExponent = exp;
  return exp;
}
let lastCurrency = "";
let lastExponent = 0;
