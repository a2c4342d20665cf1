import "server-only";
import type { Db } from "@/db/client";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ValidationError } from "@/server/lib/errors";
import { getCallbackBody, type CallbackBody } from "./get-callback-body";

/**
 * One message's body without masking, for the people whose job needs it (ops, admin), with a reason that
 * goes into the audit log together with who, when and which message. The audit row is written before
 * the body is returned: no unaudited reveal.
 */
export async function revealCallbackBody(db: Db, actor: Actor, id: number, reason: string): Promise<CallbackBody> {
  const why = reason.trim();
  if (why.length < 5) throw new ValidationError("give a reason (at least 5 characters) for unmasking personal data");
  const message = await getCallbackBody(db, id);
  await writeAudit(db, actor, { action: "callback.reveal", entityType: "callback", entityId: String(id), after: { reason: why.slice(0, 500) } });
  return message;
}
