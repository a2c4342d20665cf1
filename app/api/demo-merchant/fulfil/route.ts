import { getEnv } from "@/server/env";
import { verifyWebhookSignature } from "@/server/fulfilment/sign-webhook";
import { json } from "@/server/lib/http";

export const dynamic = "force-dynamic";

/**
 * The built-in demo merchant backend that receives fulfilment webhooks when FULFILMENT_WEBHOOK_URL is
 * unset. It checks the signature like a real merchant would, and fails DEMO_MERCHANT_FAIL_RATE of calls
 * so the demo shows retries and dead letters.
 */
export async function POST(req: Request): Promise<Response> {
  const env = getEnv();
  const body = await req.text();
  if (!verifyWebhookSignature(env.FULFILMENT_WEBHOOK_SECRET, body, req.headers.get("x-payops-signature"), Math.floor(Date.now() / 1000))) {
    return json({ error: "bad signature" }, 401);
  }
  if (Math.random() < env.DEMO_MERCHANT_FAIL_RATE) return json({ error: "demo merchant: simulated outage" }, 503);
  return json({ ok: true });
}
