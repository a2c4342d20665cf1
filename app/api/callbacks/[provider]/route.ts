import { getDb } from "@/db/client";
import { MAX_CALLBACK_BYTES, receiveCallback } from "@/server/callbacks/receive-callback";
import { headersOf, json, readBodyLimited, remoteAddrOf, requestIdOf } from "@/server/lib/http";
import { log } from "@/server/lib/log";
import { getProviderAdapter } from "@/server/providers";

export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ provider: string }> }): Promise<Response> {
  const receivedAt = new Date();
  const requestId = requestIdOf(req);
  const { provider } = await ctx.params;
  const adapter = getProviderAdapter(provider);
  if (!adapter) return json({ error: `unknown provider "${provider}"` }, 404, { "x-request-id": requestId });

  const body = await readBodyLimited(req, MAX_CALLBACK_BYTES);
  let reply;
  try {
    const db = await getDb();
    reply = await receiveCallback(db, adapter, { headers: headersOf(req), body, remoteAddr: remoteAddrOf(req), requestId, receivedAt });
  } catch (e) {
    // Database unreachable: the provider must retry.
    log.error("callback route failed", { provider, requestId, error: e });
    reply = { ...adapter.reply("retry", "temporarily unavailable"), outcome: "error" };
  }
  log.info("callback", { provider, requestId, outcome: reply.outcome, status: reply.status, ms: Date.now() - receivedAt.getTime() });
  return new Response(reply.status === 204 ? null : reply.body, { status: reply.status, headers: { ...reply.headers, "x-request-id": requestId } });
}
