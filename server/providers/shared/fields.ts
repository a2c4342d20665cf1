import "server-only";
// Narrowing helpers for provider JSON: parsed input is `unknown` until a field is checked.

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseJsonObject(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function str(obj: Json, key: string): string | undefined {
  const v = obj[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** A safe integer (JSON numbers only; "1999" is not an amount). */
export function safeInt(obj: Json, key: string): number | undefined {
  const v = obj[key];
  return typeof v === "number" && Number.isSafeInteger(v) ? v : undefined;
}

export function record(obj: Json, key: string): Json | undefined {
  const v = obj[key];
  return isRecord(v) ? v : undefined;
}
