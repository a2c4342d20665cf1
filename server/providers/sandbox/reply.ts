import "server-only";
import type { HttpReply, ReplyKind } from "../types";

const STATUS: Record<ReplyKind, number> = { handled: 200, malformed: 400, rejected: 401, retry: 503 };

export function replySandbox(kind: ReplyKind, message?: string): HttpReply {
  return {
    status: STATUS[kind],
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(kind === "handled" ? { ok: true } : { error: message ?? kind }),
  };
}
