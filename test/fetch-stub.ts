import { vi } from "vitest";

/** One request the code under test sent to a provider's (stubbed) HTTP API. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The body as text; "" for none. */
  body: string;
}

/**
 * Replaces global `fetch` with a stand-in for a provider's gateway (the HTTP boundary): `handler` answers
 * each request, and the returned list records them as they would go on the wire (method defaulted and
 * upper-cased, header names lower-cased, the body as text, "" for none). Like fetch, it refuses a GET or
 * HEAD with a body. Undo with `vi.unstubAllGlobals()` after each test.
 */
export function stubFetch(handler: (req: SeenRequest) => Response): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal("fetch", async (input: string | URL, init: RequestInit = {}) => {
    const request = new Request(input, init); // throws as fetch does, e.g. for a GET with a body
    const req: SeenRequest = { url: String(input), method: request.method, headers: Object.fromEntries(request.headers.entries()), body: await request.text() };
    seen.push(req);
    return handler(req);
  });
  return seen;
}

/** A downloaded body (a statement file) read to its end, as UTF-8 text. */
export async function drainText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of body) parts.push(c);
  return Buffer.concat(parts).toString("utf8");
}
