import "server-only";
import type { HttpReply, ReplyKind } from "../types";

const STATUS: Record<Exclude<ReplyKind, "handled">, number> = { malformed: 400, rejected: 401, retry: 503 };

/** WeChat decides by HTTP status alone: 200/204 = received; a 200 with code FAIL is NOT retried (§3.5). */
export function replyWechatpay(kind: ReplyKind, message?: string): HttpReply {
  if (kind === "handled") return { status: 204, headers: {}, body: "" };
  return {
    status: STATUS[kind],
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ code: "FAIL", message: message ?? "失败" }),
  };
}
