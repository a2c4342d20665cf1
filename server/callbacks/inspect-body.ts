import "server-only";
import { createHash } from "node:crypto";

/** Rejected messages are kept for forensics, but only this much of their body (plus its size and hash). */
export const REJECTED_BODY_BYTES = 8 * 1024;

// PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate is not text at all: either in a message is
// malformed, and must be replaced before the message can be stored.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function hasUnstorableChars(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** How deep a notification may nest (adapters build flat facts: depth 2). Deeper is refused, not skipped. */
const MAX_NOTIFICATION_DEPTH = 4;

/**
 * True when any string inside `value` (a parsed notification: fields, facts) contains NUL or a lone surrogate,
 * or when it nests deeper than any adapter builds: a value left unchecked there could make the database refuse
 * the row, and the provider would be told "retry" for ever instead of "malformed" once.
 */
export function hasUnstorableValues(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return UNSTORABLE.test(value);
  if (value === null || typeof value !== "object" || value instanceof Date) return false;
  if (depth > MAX_NOTIFICATION_DEPTH) return true;
  for (const [k, v] of Object.entries(value)) if (UNSTORABLE.test(k) || hasUnstorableValues(v, depth + 1)) return true;
  return false;
}

export interface StoredBody {
  body: string;
  bodyBytes: number;
  bodySha256: string | null;
  bodyTruncated: boolean;
  bodySanitized: boolean;
}

/** A verified message's body, kept whole. */
export function fullBody(body: string): StoredBody {
  return { body, bodyBytes: Buffer.byteLength(body), bodySha256: null, bodyTruncated: false, bodySanitized: false };
}

/**
 * A rejected message's body: the first REJECTED_BODY_BYTES (cut on a character boundary), its full size and
 * SHA-256, and any NUL / lone surrogate replaced by U+FFFD (flagged) so the row can be stored.
 */
export function cappedBody(body: string): StoredBody {
  const bytes = Buffer.from(body, "utf8");
  const sanitized = UNSTORABLE.test(body);
  let kept = bytes.length > REJECTED_BODY_BYTES ? bytes.subarray(0, REJECTED_BODY_BYTES).toString("utf8").replace(/\ufffd$/, "") : body;
  if (sanitized) kept = kept.replace(UNSTORABLE_ALL, "\ufffd");
  return {
    body: kept,
    bodyBytes: bytes.length,
    bodySha256: createHash("sha256").update(bytes).digest("hex"),
    bodyTruncated: bytes.length > REJECTED_BODY_BYTES,
    bodySanitized: sanitized,
  };
}
