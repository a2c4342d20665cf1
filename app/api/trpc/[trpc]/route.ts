import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { getSessionUser } from "@/server/auth/get-session-user";
import { json, readBodyLimited, requestIdOf } from "@/server/lib/http";

const ENDPOINT = "/api/trpc";
// The console's client batches at most this many calls (components/providers/trpc.tsx, maxItems); a
// bigger batch is someone scripting us, and each call may be a search.
const MAX_BATCH_CALLS = 20;
// Inputs are ids, filters and short reasons; nothing legitimate comes near this.
const MAX_BODY_BYTES = 256 * 1024;

/** Procedures named in the request: "/api/trpc/a,b,c" is a batch of three. */
function callCount(url: URL): number {
  const path = url.pathname.slice(url.pathname.indexOf(ENDPOINT) + ENDPOINT.length).replace(/^\//, "");
  return path === "" ? 0 : path.split(",").length;
}

async function handler(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  const calls = callCount(new URL(req.url));
  if (calls > MAX_BATCH_CALLS) {
    return json(
      { error: { code: "PAYLOAD_TOO_LARGE", message: `a batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${calls}` }, requestId },
      413,
      { "x-request-id": requestId },
    );
  }
  let request = req;
  if (req.method === "POST") {
    const body = await readBodyLimited(req, MAX_BODY_BYTES);
    if (body === null) return json({ error: { code: "PAYLOAD_TOO_LARGE", message: `body larger than ${MAX_BODY_BYTES} bytes` }, requestId }, 413, { "x-request-id": requestId });
    request = new Request(req.url, { method: "POST", headers: req.headers, body });
  }
  return fetchRequestHandler({
    endpoint: ENDPOINT,
    req: request,
    router: appRouter,
    createContext: async () => ({ user: await getSessionUser(), requestId }),
    responseMeta: () => ({ headers: { "x-request-id": requestId } }),
  });
}

export { handler as GET, handler as POST };
