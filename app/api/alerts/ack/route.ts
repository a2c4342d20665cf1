import { getDb } from "@/db/client";
import { acknowledgeByLink } from "@/server/alerts/deliver-ack-link";
import { ValidationError } from "@/server/lib/errors";
import { errorResponse, readBodyOrThrow, requestIdOf } from "@/server/lib/http";

export const dynamic = "force-dynamic";

/** A form with one token: anything bigger is not ours. */
const MAX_BODY_BYTES = 4 * 1024;

/**
 * The "Acknowledge" button of /ack/<token> (docs/adr/0007-alert-delivery.md). No session: the signed,
 * expiring token is the authority (and names the contact the audit row records). POST only, so link
 * unfurlers and mail scanners that fetch the page never acknowledge. Answers with a redirect back to the
 * page (303, so a reload does not post again), which shows the outcome.
 */
export async function POST(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const text = await readBodyOrThrow(req, MAX_BODY_BYTES);
    const token = new URLSearchParams(text).get("token");
    if (!token || token.length > 512 || !/^[\w-]+\.[\w-]+$/.test(token)) throw new ValidationError("token missing or malformed");
    const result = await acknowledgeByLink(await getDb(), token);
    const back = new URL(`/ack/${token}`, req.url);
    back.searchParams.set("r", result);
    return new Response(null, { status: 303, headers: { location: `${back.pathname}${back.search}`, "cache-control": "no-store", "x-request-id": requestId } });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
