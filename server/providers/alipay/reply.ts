import "server-only";
import type { HttpReply, ReplyKind } from "../types";

const STATUS: Record<ReplyKind, number> = { handled: 200, malformed: 400, rejected: 401, retry: 503 };

/** Alipay only looks for the exact 7 characters `success`; anything else makes it resend (§2.4). */
export function replyAlipay(kind: ReplyKind): HttpReply {
  return {
    status: STATUS[kind],
    headers: { "content-type": "text/plain; charset=utf-8" },
    body: kind === "handled" ? "success" : "failure",
  };
}
