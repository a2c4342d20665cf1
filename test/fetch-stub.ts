import { afterAll, beforeAll, beforeEach, vi } from "vitest";

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

/** A gateway's hand-made answer: status (200 when absent), headers, body text. */
export interface GatewayAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

/**
 * A provider test file's gateway: `fetch` is stubbed for the whole file (undone after it) and answers every
 * request with `gateway.answer`, which each test sets first, with `contentType` unless the answer's headers
 * give one. `gateway.calls` holds the requests of the current test (emptied before each).
 */
export function useGatewayStub(contentType?: string): { answer: GatewayAnswer; calls: SeenRequest[] } {
  const gateway = { answer: { body: "" } as GatewayAnswer, calls: [] as SeenRequest[] };
  beforeAll(() => {
    gateway.calls = stubFetch(() => {
      const { status = 200, headers, body } = gateway.answer;
      return new Response(body, { status, headers: { ...(contentType ? { "content-type": contentType } : {}), ...headers } });
    });
  });
  afterAll(() => vi.unstubAllGlobals());
  beforeEach(() => {
    gateway.calls.length = 0;
  });
  return gateway;
}

/** A downloaded body (a statement file) read to its end, as UTF-8 text. */
export async function drainText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of body) parts.push(c);
  return Buffer.concat(parts).toString("utf8");
}
