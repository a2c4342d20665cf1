import "server-only";
import { post } from "@/server/alerts/channels/http";
import { hmacSha256Hex } from "@/server/lib/timestamped-hmac";

/** What the push webhook receives (README "Personal notices": the signed push webhook). */
export interface PushPayload {
  /** The delivery's idempotency key: a receiver that sees it twice shows the message once. */
  id: string;
  userId: string;
  orderNo: string | null;
  situation: string;
  kind: string;
  locale: string;
  title: string;
  body: string;
  link: string | null;
  sentAt: string;
}

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the fulfilment webhook's scheme, header split in two. */
export function pushSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${hmacSha256Hex(secret, timestamp, body)}`;
}

export type PushResult = { ok: true; providerMessageId: string | null } | { ok: false; code: string; error: string; uncertain: boolean; permanent: boolean };

/** One signed POST; 2xx is delivered, 408/429/5xx and transport failures are retried, any other 4xx is final. */
export async function sendPush(config: { url: string; secret: string }, payload: PushPayload, timeoutMs: number, now: Date): Promise<PushResult> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  const res = await post(
    config.url,
    {
      headers: { "content-type": "application/json", "x-payops-timestamp": String(timestamp), "x-payops-signature": pushSignature(config.secret, timestamp, body), "x-payops-delivery": payload.id },
      body,
    },
    timeoutMs,
  );
  if (res.kind === "not_sent") return { ok: false, code: "connection_failed", error: `push: ${res.error}`, uncertain: false, permanent: false };
  if (res.kind === "uncertain") return { ok: false, code: "timeout", error: `push: ${res.error}`, uncertain: true, permanent: false };
  if (res.status >= 200 && res.status < 300) {
    let id: string | null = null;
    try {
      const parsed = JSON.parse(res.body) as { id?: unknown };
      id = typeof parsed.id === "string" ? parsed.id.slice(0, 200) : null;
    } catch {
      id = null;
    }
    return { ok: true, providerMessageId: id };
  }
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  return { ok: false, code: `http_${res.status}`, error: `push: HTTP ${res.status}`, uncertain: false, permanent: !retryable };
}
