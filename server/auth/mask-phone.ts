import "server-only";
/** "13812341234" → "138****1234"; "+86 138-1234-1234" → "+86 138****1234"; shorter numbers keep only their last digits. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, "");
  if (digits.length >= 11) {
    const local = digits.slice(-11);
    const prefix = digits.slice(0, -11);
    return `${prefix ? `+${prefix} ` : ""}${local.slice(0, 3)}****${local.slice(-4)}`;
  }
  // Shorter (landlines, foreign numbers): never reveal more than about a third of the digits.
  const keep = digits.length >= 8 ? 3 : 2;
  return `${"*".repeat(Math.max(0, digits.length - keep))}${digits.slice(-keep)}`;
}

/** Masks every string under a key that names a phone ("userPhone", "phone", "mobile"), at any depth. */
export function maskPhonesDeep<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => maskPhonesDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /phone|mobile/i.test(k) && typeof v === "string" ? maskPhone(v) : maskPhonesDeep(v, depth + 1);
  }
  return out as T;
}
