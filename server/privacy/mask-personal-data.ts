import "server-only";
import { maskPhone } from "@/server/auth/mask-phone";

// Personal data inside stored provider messages, audit copies and job payloads, masked for people who do
// not need it. Bodies may be truncated previews, JSON, form-encoded or anything else, so this works on the
// text with patterns rather than by parsing. It errs towards masking: an order number that looks exactly
// like a mobile number would be masked too, which costs a click, not a leak.

// Chinese mobile numbers, optionally +86 / 86 / %2B86, written solid or as 3-4-4 with spaces or dashes.
const CN_MOBILE = /(?<![0-9A-Za-z])(?:(?:\+|%2B)?86[ -]?)?1[3-9]\d(?:\d{8}|[ -]\d{4}[ -]\d{4})(?![0-9A-Za-z])/g;
// Other international numbers written with a leading + (E.164 and the usual separators).
const INTL_PHONE = /(?<![0-9A-Za-z])(?:\+|%2B)\d[\d -]{6,16}\d(?![0-9A-Za-z])/g;
// Every pattern here runs over attacker-written text of up to 256 KiB: each starts at a boundary (a
// lookbehind) and has bounded repeats, so a long run of letters costs linear time, not quadratic.
const EMAIL = /(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z])/g;
// Resident identity card numbers (18 characters, the last may be X), checked by date and checksum so that
// ordinary 18-digit ids do not match.
const ID_CARD = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
// Values of fields that name a person or a login: "payer_name": "…", buyer_logon_id=…, "name":"…".
const NAME_KEY = "[A-Za-z_]{0,40}(?:name|Name|NAME)|buyer_logon_id|buyerLogonId|payer|holder";
const JSON_NAME_FIELD = new RegExp(`("(?:${NAME_KEY})"\\s{0,8}:\\s{0,8}")((?:[^"\\\\]|\\\\.)*)(")`, "g");
const FORM_NAME_FIELD = new RegExp(`((?:^|[&?])(?:${NAME_KEY})=)([^&\\s]*)`, "g");

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

export function isIdCardNumber(s: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return ID_CHECK[sum % 11] === s[17]!.toUpperCase();
}

function maskEmail(email: string): string {
  const at = email.includes("@") ? "@" : "%40";
  const [local, domain] = email.split(at) as [string, string];
  return `${local.slice(0, 1)}***${at}${domain}`;
}

function maskName(value: string): string {
  if (value === "" || /^\*+$/.test(value)) return value;
  return `${Array.from(value)[0]}**`;
}

/** Masks phone numbers, e-mail addresses, identity card numbers and person-naming fields in free text. */
export function maskPersonalText(text: string): string {
  return text
    .replace(JSON_NAME_FIELD, (_m, open: string, value: string, close: string) => `${open}${maskName(value)}${close}`)
    .replace(FORM_NAME_FIELD, (_m, key: string, value: string) => `${key}${maskName(decodeSafe(value))}`)
    .replace(EMAIL, maskEmail)
    .replace(ID_CARD, (s) => (isIdCardNumber(s) ? `${s.slice(0, 3)}***********${s.slice(-4)}` : s))
    .replace(CN_MOBILE, (s) => maskPhone(s.replace(/%2B/i, "+"))!)
    .replace(INTL_PHONE, (s) => maskPhone(s.replace(/%2B/i, "+"))!);
}

function decodeSafe(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, " "));
  } catch {
    return v;
  }
}

/**
 * Every string at any depth through maskPersonalText; values under keys naming a phone ("userPhone",
 * "mobile") through maskPhone whatever they look like. Dates and other non-plain values pass untouched.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function maskPersonalData<T>(value: T, depth = 0): T {
  // Row ids and cursors are UUIDs, never personal data; a digit run inside one must not be "masked".
  if (typeof value === "string") return (UUID.test(value) ? value : maskPersonalText(value)) as T;
  if (depth > 12 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /phone|mobile/i.test(k) && typeof v === "string" ? maskPhone(v) : maskPersonalData(v, depth + 1);
  }
  return out as T;
}
