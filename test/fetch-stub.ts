import { vi } from "vitest";

/** One request the code under test sent to a provider's (stubbed) HTTP API. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The body when it was a string (forms, JSON); "" for none. */
  body: string;
}

/**
 * Replaces global `fetch` with a stand-in for a provider's gateway (the HTTP boundary): `handler` answers
 * each request, and the returned list records them. Undo with `vi.unstubAllGlobals()` after each test.
 */
export function stubFetch(handler: (req: SeenRequest) => Response): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal("fetch", (input: string | URL, init: RequestInit = {}) => {
    const req: SeenRequest = {
      url: String(input),
      method: init.method ?? "GET",
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === "string" ? init.body : "",
    };
    seen.push(req);
    return Promise.resolve(handler(req));
  });
  return seen;
}
