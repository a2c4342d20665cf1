import "server-only";
import { getTableColumns, sql } from "drizzle-orm";
import { callbackEvents, type CallbackEvent } from "@/db/schema";

// Lists and the order page never carry whole bodies: a stored message can be 1 MiB and anyone on the
// internet can post one naming any order. They carry a short preview, the size, and the id to load the
// body on demand (callback.body), one message at a time.
export const BODY_PREVIEW_BYTES = 2048;
/** callback.body answers at most this much of one message. */
export const BODY_VIEW_MAX_BYTES = 256 * 1024;

const { body: _body, ...withoutBody } = getTableColumns(callbackEvents);

/** Select list: every column but the body, plus a preview cut in SQL and the body's size in bytes. */
export const callbackSummaryColumns = {
  ...withoutBody,
  // Characters, not bytes: cut again to bytes below. Four bytes per character at most.
  bodyPreview: sql<string>`left(${callbackEvents.body}, ${BODY_PREVIEW_BYTES})`,
  // The size of what is stored (a rejected message may have been cut at intake: see bodyBytes/bodyTruncated).
  storedBytes: sql<number>`octet_length(${callbackEvents.body})`.mapWith(Number),
};

export type CallbackSummary = Omit<CallbackEvent, "body"> & {
  /** The first BODY_PREVIEW_BYTES bytes of the stored body. */
  body: string;
  storedBytes: number;
  /** The preview is shorter than the stored body: callback.body loads the rest. */
  previewTruncated: boolean;
};

/** Cuts text to at most `max` UTF-8 bytes without splitting a character. */
export function cutToBytes(text: string, max: number): string {
  const buf = Buffer.from(text, "utf8");
  if (buf.byteLength <= max) return text;
  let end = max;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString("utf8");
}

export function toCallbackSummary(row: Omit<CallbackEvent, "body"> & { bodyPreview: string; storedBytes: number }): CallbackSummary {
  const { bodyPreview, ...rest } = row;
  const body = cutToBytes(bodyPreview, BODY_PREVIEW_BYTES);
  return { ...rest, body, previewTruncated: Buffer.byteLength(body, "utf8") < row.storedBytes };
}
