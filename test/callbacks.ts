import { signSandboxPayload } from "@/server/providers/sandbox/sign";
import { TEST_ENV } from "./test-env";

type RouteHandler = (req: Request, ctx: { params: Promise<{ provider: string }> }) => Promise<Response>;

export function sandboxPayload(over: Partial<Record<string, unknown>> & { orderNo: string }) {
  return {
    eventId: `evt_${over.orderNo}_${Math.random().toString(36).slice(2, 8)}`,
    transactionId: `TX-${over.orderNo}`,
    amountMinor: 1999,
    currency: "CNY",
    status: "SUCCESS",
    paidAt: new Date(Date.now() - 1500).toISOString(),
    ...over,
  };
}

/** A sandbox callback as the provider sends it: raw JSON body, signed header. */
export function sandboxRequest(payload: unknown, opts: { t?: number; secret?: string; signature?: string; body?: string } = {}): Request {
  const body = opts.body ?? JSON.stringify(payload);
  const t = opts.t ?? Math.floor(Date.now() / 1000);
  return new Request("http://test.local/api/callbacks/sandbox", {
    method: "POST",
    headers: { "content-type": "application/json", "sandbox-signature": opts.signature ?? signSandboxPayload(opts.secret ?? TEST_ENV.SANDBOX_WEBHOOK_SECRET!, body, t) },
    body,
  });
}

export async function postCallback(route: RouteHandler, provider: string, req: Request): Promise<Response> {
  return route(req, { params: Promise.resolve({ provider }) });
}

export function merchantRequest(method: string, path: string, body?: unknown, key = TEST_ENV.MERCHANT_API_KEY): Request {
  return new Request(`http://test.local${path}`, {
    method,
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

let seq = 0;
export function uniqueOrderNo(prefix = "T"): string {
  seq++;
  return `${prefix}${Date.now().toString(36)}${seq}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}
