import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Provider } from "@/lib/enums";
import { callbackEvents } from "@/db/schema";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import type { HttpReply, ProviderAdapter } from "@/server/providers/types";
import { applyNotification } from "./apply-notification";
import { recordProviderMessage } from "./record-provider-message";

export const MAX_CALLBACK_BYTES = 1024 * 1024;

// Headers that could carry credentials of ours are not stored; provider signatures are public and kept.
const DROPPED_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

export interface ReceivedRequest {
  headers: Record<string, string>;
  /** null when the body exceeded MAX_CALLBACK_BYTES (it was not read further). */
  body: string | null;
  remoteAddr?: string | null;
  requestId?: string | null;
  receivedAt?: Date;
}

export interface CallbackResponse extends HttpReply {
  callbackEventId?: number;
  outcome: string;
}

/**
 * A provider's notification, from raw request to reply. Order of work: store raw → verify → apply in one
 * transaction → reply. "Handled" is only said after the effect committed; any failure of ours says
 * "retry" so the provider sends it again.
 */
export async function receiveCallback(db: Db, adapter: ProviderAdapter, req: ReceivedRequest): Promise<CallbackResponse> {
  const started = Date.now();
  const receivedAt = req.receivedAt ?? new Date();
  const provider: Provider = adapter.name;
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !DROPPED_HEADERS.has(k.toLowerCase())));
  const tooLarge = req.body === null;

  let id: number;
  try {
    id = await recordProviderMessage(db, {
      provider,
      source: "notify",
      headers,
      body: tooLarge ? "" : req.body!,
      receivedAt,
      remoteAddr: req.remoteAddr,
      requestId: req.requestId,
    });
  } catch (e) {
    log.error("callback not stored; asking provider to retry", { provider, requestId: req.requestId, error: e });
    return { ...adapter.reply("retry", "temporarily unavailable"), outcome: "error" };
  }

  const finish = async (fields: Partial<typeof callbackEvents.$inferInsert>) => {
    await db
      .update(callbackEvents)
      .set({ ...fields, processedAt: new Date(), processingMs: Date.now() - started })
      .where(eq(callbackEvents.id, id));
  };

  try {
    if (tooLarge) {
      await finish({ verification: "malformed", outcome: "malformed", rejectReason: `body over ${MAX_CALLBACK_BYTES} bytes` });
      return { ...adapter.reply("malformed", "payload too large"), status: 413, callbackEventId: id, outcome: "malformed" };
    }
    const verified = adapter.verify({ headers: req.headers, body: req.body!, receivedAt }, getEnv(), receivedAt);
    if (!verified.ok) {
      await finish({ verification: verified.kind, outcome: verified.kind, rejectReason: verified.reason });
      log.warn("callback refused", { provider, callbackEventId: id, kind: verified.kind, reason: verified.reason, requestId: req.requestId });
      return { ...adapter.reply(verified.kind, verified.reason), callbackEventId: id, outcome: verified.kind };
    }
    const applied = await applyNotification(db, {
      callbackEventId: id,
      provider,
      source: "notify",
      receivedAt,
      notification: verified.notification,
      startedAt: started,
    });
    const kind = applied.outcome === "unknown_order" ? "retry" : "handled";
    return { ...adapter.reply(kind, applied.detail), callbackEventId: id, outcome: applied.outcome };
  } catch (e) {
    log.error("callback processing failed; asking provider to retry", { provider, callbackEventId: id, requestId: req.requestId, error: e });
    await finish({ outcome: "error", outcomeDetail: "internal error; provider asked to retry" }).catch(() => undefined);
    return { ...adapter.reply("retry", "temporarily unavailable"), callbackEventId: id, outcome: "error" };
  }
}
