import "server-only";
import type { Env } from "@/server/env";
import { parseJsonObject, str } from "../shared/fields";
import { checkTimestampedHmac } from "@/server/lib/timestamped-hmac";
import { MalformedError, malformed, rejected } from "../shared/verify-result";
import type { InboundMessage, VerifyResult } from "../types";
import { buildSandboxNotification } from "./build-notification";
import { SANDBOX_SIGNATURE_HEADER } from "./sign";

export const SANDBOX_TOLERANCE_SECONDS = 300;

export function verifySandbox(message: InboundMessage, env: Env, now: Date): VerifyResult {
  const check = checkTimestampedHmac({
    header: message.headers[SANDBOX_SIGNATURE_HEADER],
    headerName: SANDBOX_SIGNATURE_HEADER,
    body: message.body,
    secret: env.SANDBOX_WEBHOOK_SECRET,
    now,
    toleranceSeconds: SANDBOX_TOLERANCE_SECONDS,
  });
  if (!check.ok) return rejected(check.reason, check.coded);
  const doc = parseJsonObject(message.body);
  if (!doc) return malformed("body is not a JSON object");
  const eventId = str(doc, "eventId");
  if (!eventId) return malformed("eventId missing");
  try {
    return { ok: true, notification: buildSandboxNotification(doc, { eventId, allowPending: false }) };
  } catch (e) {
    if (e instanceof MalformedError) return malformed(e.message);
    throw e;
  }
}
