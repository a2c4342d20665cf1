import "server-only";
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { PEER_HEADER } from "@/lib/peer-address";
import { getEnv } from "../env";
import { DomainError, HTTP_STATUS, PayloadTooLargeError } from "./errors";
import { log } from "./log";

// A client's request id is echoed into logs, the audit log and stored callbacks: only short ids made of
// characters that cannot break a log line, a CSV export or an HTML attribute are kept.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's x-request-id if it is safe to record, otherwise a fresh one. */
export function safeRequestId(given: string | null | undefined): string {
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

export function requestIdOf(req: Request): string {
  return safeRequestId(req.headers.get("x-request-id"));
}

/**
 * The client's address, as far as it can be trusted.
 *
 * Route handlers in Next 16 get a Web Request, not the socket. `next start` copies the socket address
 * into X-Forwarded-For only when the header is absent (`??=` in next/dist/server/base-server.js), so with
 * no proxy in front a client can put any address there. Hence:
 * - hops = 0 (no proxy we trust): the socket address, which our own server (scripts/serve.ts, `npm start`)
 *   stamps into PEER_HEADER after deleting whatever the client sent under that name. Without it (someone
 *   ran plain `next start`) the address is unknown: null, with a warning once per process.
 * - hops = N: each trusted proxy appends the address it saw, so the N-th entry from the right was written
 *   by our outermost proxy (the socket peer) and is the client's address. Entries further left are the
 *   client's claims.
 */
export function remoteAddrOf(req: Request, hops: number = getEnv().TRUSTED_PROXY_HOPS): string | null {
  const peer = req.headers.get(PEER_HEADER);
  if (hops <= 0 && peer === null) warnNoPeerOnce();
  return clientAddress({ peer, forwardedFor: req.headers.get("x-forwarded-for") }, hops);
}

export function clientAddress(from: { peer?: string | null; forwardedFor?: string | null }, hops: number): string | null {
  if (hops <= 0) return from.peer && isIP(from.peer) ? from.peer : null;
  if (!from.forwardedFor) return null;
  const chain = from.forwardedFor.split(",").map((s) => s.trim());
  if (chain.length < hops) return null;
  const candidate = chain[chain.length - hops]!;
  return isIP(candidate) ? candidate : null;
}

let warnedNoPeer = false;
function warnNoPeerOnce(): void {
  if (warnedNoPeer) return;
  warnedNoPeer = true;
  log.warn(`no ${PEER_HEADER} header: client addresses are unknown (per-address sign-in limits off). Start the portal with \`npm start\` (scripts/serve.ts), not \`next start\`, or set TRUSTED_PROXY_HOPS behind a proxy`);
}

export function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  req.headers.forEach((v, k) => {
    out[k.toLowerCase()] = v;
  });
  return out;
}

/**
 * Reads the body as UTF-8 text, stopping (and returning null) once it exceeds `limit` bytes. A declared
 * Content-Length over the limit is refused before a byte is read; a chunked body is cut off as it grows.
 */
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

/** readBodyLimited for routes that answer through errorResponse: over the limit throws (→ 413). */
export async function readBodyOrThrow(req: Request, limit: number): Promise<string> {
  const body = await readBodyLimited(req, limit);
  if (body === null) throw new PayloadTooLargeError(`body larger than ${limit} bytes`);
  return body;
}

/** The one translation of errors to HTTP for REST routes. Unknown errors never leak their message. */
export function errorResponse(e: unknown, requestId: string): Response {
  if (e instanceof DomainError) {
    return json({ error: { code: e.code, message: e.message, details: e.details }, requestId }, HTTP_STATUS[e.code], { "x-request-id": requestId });
  }
  log.error("unhandled error", { requestId, error: e });
  return json({ error: { code: "INTERNAL", message: "internal error" }, requestId }, 500, { "x-request-id": requestId });
}
