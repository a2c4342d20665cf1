import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callbackEvents } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { BODY_VIEW_MAX_BYTES, cutToBytes } from "./callback-summary";

export interface CallbackBody {
  id: number;
  provider: string;
  headers: Record<string, string>;
  body: string;
  /** Size of the stored body (callback-summary: a rejected one may itself be cut at intake). */
  storedBytes: number;
  /** Longer than BODY_VIEW_MAX_BYTES: only that much is here. */
  truncated: boolean;
}

/** One stored message's body for the console, at most BODY_VIEW_MAX_BYTES of it (cut in SQL, then to bytes). */
export async function getCallbackBody(db: Db, id: number): Promise<CallbackBody> {
  const [row] = await db
    .select({
      id: callbackEvents.id,
      provider: callbackEvents.provider,
      headers: callbackEvents.headers,
      head: sql<string>`left(${callbackEvents.body}, ${BODY_VIEW_MAX_BYTES})`,
      storedBytes: sql<number>`octet_length(${callbackEvents.body})`.mapWith(Number),
    })
    .from(callbackEvents)
    .where(eq(callbackEvents.id, id));
  if (!row) throw new NotFoundError(`message ${id} not found`);
  const body = cutToBytes(row.head, BODY_VIEW_MAX_BYTES);
  return { id: row.id, provider: row.provider, headers: row.headers, body, storedBytes: row.storedBytes, truncated: Buffer.byteLength(body, "utf8") < row.storedBytes };
}
