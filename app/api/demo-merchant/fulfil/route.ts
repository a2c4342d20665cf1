import { getEnv, isDemoMode } from "@/server/env";
import { verifyWebhookSignature } from "@/server/fulfilment/sign-webhook";
import { json, readBodyLimited } from "@/server/lib/http";

export const dynamic = "force-dynamic";

const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * The built-in demo merchant backend that receives fulfilment webhooks when FULFILMENT_WEBHOOK_URL is
 * unset. It checks the signature like a real merchant would, and fails DEMO_MERCHANT_FAIL_RATE of calls
 * so the demo shows retries and dead letters. Outside demo mode (DEMO_MODE, off in production) it does not
 * exist: 404 before anything of the request is read.
 */
export async function POST(req: Request): Promise<Response> {
  const env = getEnv();
  if (!isDemoMode(env)) return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const body = await readBodyLimited(req, MAX_WEBHOOK_BYTES);
  if (body === null) return json({ error: "body too large" }, 413);
  if (!verifyWebhookSignature(env.FULFILMENT_WEBHOOK_SECRET, body, req.headers.get("x-payops-signature"), Math.floor(Date.now() / 1000))) {
    return json({ error: "bad signature" }, 401);
  }
  if (Math.random() < env.DEMO_MERCHANT_FAIL_RATE) return json({ error: "demo merchant: simulated outage" }, 503);
  return json({ ok: true });
}
