import "server-only";
import type { Db } from "@/db/client";
import type { Provider } from "@/lib/enums";
import { reason, type Reason } from "@/lib/reasons";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { perDb } from "@/server/lib/per-db";
import type { HttpReply, ProviderAdapter, ProviderNotification } from "@/server/providers/types";
import { GroupCommitter } from "./group-commit";
import { processInboxApplier } from "./inbox-applier";
import { cappedBody, hasUnstorableChars, hasUnstorableValues } from "./inspect-body";
import { insertProviderMessages, recordRejectedMessage, type ProviderMessageInput } from "./record-provider-message";
import { storedHeaders } from "./stored-headers";

export const MAX_CALLBACK_BYTES = 1024 * 1024;

export interface ReceivedRequest {
  headers: Record<string, string>;
  /** null when the body exceeded MAX_CALLBACK_BYTES (it was not read further). */
  body: string | null;
  remoteAddr?: string | null;
  requestId?: string | null;
  receivedAt?: Date;
}

export interface CallbackResponse extends HttpReply {
  /** Absent when the message was not stored: its source is over its allowance of rejected messages. */
  callbackEventId?: number;
  /** What the intake did: "received" (stored verified, applied asynchronously), a rejection kind, "error". */
  outcome: string;
}

type Verdict = { ok: true; notification: ProviderNotification } | { ok: false; kind: "rejected" | "malformed"; reason: string; coded?: Reason; status?: number };

// One group committer per database handle: concurrent callbacks share one INSERT and one commit.
const inboxOf = perDb((db) => new GroupCommitter<ProviderMessageInput, number>((items) => insertProviderMessages(db, items), { maxBatch: 64, maxInFlight: 2 }));

function verdictOf(adapter: ProviderAdapter, req: ReceivedRequest, receivedAt: Date): Verdict {
  if (req.body === null) return { ok: false, kind: "malformed", reason: `body over ${MAX_CALLBACK_BYTES} bytes`, coded: reason("callback.body_too_large", { maxBytes: MAX_CALLBACK_BYTES }), status: 413 };
  if (hasUnstorableChars(req.body)) return { ok: false, kind: "malformed", reason: "body contains NUL or invalid Unicode", coded: reason("callback.unstorable_characters") };
  let verified: ReturnType<ProviderAdapter["verify"]>;
  try {
    verified = adapter.verify({ headers: req.headers, body: req.body, receivedAt }, getEnv(), receivedAt);
  } catch (e) {
    // Adapters do not throw for bad input; this is our bug. Keep the message (as unverifiable) and say so.
    log.error("callback verification crashed", { provider: adapter.name, requestId: req.requestId, error: e });
    return { ok: false, kind: "malformed", reason: "could not be verified (internal error)", coded: reason("callback.verification_crashed") };
  }
  if (!verified.ok) return verified;
  if (hasUnstorableValues(verified.notification)) return { ok: false, kind: "malformed", reason: "fields contain NUL or invalid Unicode", coded: reason("callback.unstorable_characters") };
  return verified;
}

/**
 * A provider's notification, from raw request to reply: verify (CPU only), store the raw message with its
 * verdict durably (verified ones in full, through the group commit), then answer. "Handled" is said only
 * after the verified message committed; applying it to its order happens right after, asynchronously and
 * exactly once (inbox-applier.ts). Rejected and malformed messages are stored capped and within their
 * source's allowance (the excess only counted). Anything that fails to store answers "retry".
 */
export async function receiveCallback(db: Db, adapter: ProviderAdapter, req: ReceivedRequest): Promise<CallbackResponse> {
  const receivedAt = req.receivedAt ?? new Date();
  const provider: Provider = adapter.name;
  const base = {
    provider,
    source: "notify" as const,
    headers: storedHeaders(provider, req.headers),
    receivedAt,
    remoteAddr: req.remoteAddr ?? null,
    requestId: req.requestId ?? null,
  };
  const verdict = verdictOf(adapter, req, receivedAt);

  if (verdict.ok) {
    let id: number;
    try {
      id = await inboxOf(db).add({ ...base, body: req.body!, verification: "verified", outcome: "received", notification: verdict.notification });
    } catch (e) {
      log.error("callback not stored; asking provider to retry", { provider, requestId: req.requestId, error: e });
      return { ...adapter.reply("retry", "temporarily unavailable"), outcome: "error" };
    }
    processInboxApplier(db)?.kick();
    return { ...adapter.reply("handled", "stored"), callbackEventId: id, outcome: "received" };
  }

  const env = getEnv();
  const windowMs = env.CALLBACK_REJECTED_WINDOW;
  let id: number | null;
  try {
    id = await recordRejectedMessage(
      db,
      { ...base, body: cappedBody(req.body ?? ""), verification: verdict.kind, outcome: verdict.kind, rejectReason: verdict.reason, rejectReasonCoded: verdict.coded ?? null, processedAt: new Date() },
      { source: req.remoteAddr || "unknown", windowStart: new Date(Math.floor(receivedAt.getTime() / windowMs) * windowMs), perWindow: env.CALLBACK_REJECTED_PER_WINDOW },
    );
  } catch (e) {
    log.error("refused callback not stored; asking provider to retry", { provider, requestId: req.requestId, error: e });
    return { ...adapter.reply("retry", "temporarily unavailable"), outcome: "error" };
  }
  log.warn("callback refused", { provider, callbackEventId: id, stored: id !== null, kind: verdict.kind, reason: verdict.reason, requestId: req.requestId });
  const reply = adapter.reply(verdict.kind, verdict.reason);
  return { ...reply, status: verdict.status ?? reply.status, ...(id === null ? {} : { callbackEventId: id }), outcome: verdict.kind };
}
