// The socket address of the client, handed from our own HTTP server (scripts/serve.ts) to the app.
//
// Next 16 route handlers and proxy.ts get a Web Request without the socket, and `next start` fills
// X-Forwarded-For from the socket only when the client did not send one, so the header proves nothing. Our
// server therefore stamps the socket address into a header of its own on every request, after deleting any
// value the client sent under that name; server/lib/http.ts (remoteAddrOf) reads it. No imports: the server
// entry loads this before Next, outside any bundle.

/** Set by scripts/serve.ts from the socket; any value a client sends is replaced. */
export const PEER_HEADER = "x-payops-peer";

/** An IPv4 client on a dual-stack socket shows as `::ffff:203.0.113.9`; we record `203.0.113.9`. */
export function normalisePeer(remoteAddress: string | undefined): string | undefined {
  if (!remoteAddress) return undefined;
  const v4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(remoteAddress);
  return v4 ? v4[1] : remoteAddress;
}

interface PeerRequest {
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  socket: { remoteAddress?: string | undefined };
}

/**
 * Replaces whatever the client sent as PEER_HEADER with the socket's address (or removes it when the socket
 * has none, e.g. already closed). Both views of the headers are rewritten: Next reads `headers`, but a
 * stray reader of `rawHeaders` must not see the client's value either.
 */
export function stampPeer(req: PeerRequest): void {
  const forged = new Set<number>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === PEER_HEADER) forged.add(i);
  }
  if (forged.size > 0) req.rawHeaders = req.rawHeaders.filter((_, i) => !forged.has(i) && !forged.has(i - 1));
  delete req.headers[PEER_HEADER];
  const peer = normalisePeer(req.socket.remoteAddress);
  if (peer) {
    req.headers[PEER_HEADER] = peer;
    req.rawHeaders.push(PEER_HEADER, peer);
  }
}
