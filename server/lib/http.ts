import { randomUUID } from "node:crypto";
import { DomainError, HTTP_STATUS } from "./errors";
import { log } from "./log";

export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && /^[\w\-.:]{1,100}$/.test(given) ? given : randomUUID();
}

export function remoteAddrOf(req: Request): string | null {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || null;
}

export function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  req.headers.forEach((v, k) => {
    out[k.toLowerCase()] = v;
  });
  return out;
}

/** Reads the body as UTF-8 text, stopping (and returning null) once it exceeds `limit` bytes. */
export async function readBodyLimited(req: Request, limit: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

/** The one translation of errors to HTTP for REST routes. Unknown errors never leak their message. */
export function errorResponse(e: unknown, requestId: string): Response {
  if (e instanceof DomainError) {
    return json({ error: { code: e.code, message: e.message, details: e.details }, requestId }, HTTP_STATUS[e.code], { "x-request-id": requestId });
  }
  log.error("unhandled error", { requestId, error: e });
  return json({ error: { code: "INTERNAL", message: "internal error" }, requestId }, 500, { "x-request-id": requestId });
}
