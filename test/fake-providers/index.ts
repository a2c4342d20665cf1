import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Provider } from "@/lib/enums";
import type { ProviderTestKeys } from "../provider-signers";
import { handleAlipayGateway } from "./alipay-gateway";
import { FakeBillStore, handleBillApis } from "./bill-apis";
import { SandboxRefundBook, type SandboxRefundRequest, type SandboxRefundStatus } from "@/server/providers/sandbox/refund-book";
import { handleSandboxApi } from "./sandbox-api";
import { handleStripeApi } from "./stripe-api";
import type { FakeContext, FakePayment, FakeReply, FakeRequest } from "./types";
import { FakeRefundStore, handleAlipayRefunds, handleStripeRefunds, handleWechatpayRefunds, type FakeRefundMode } from "./refund-apis";
import { authorized as wechatpayAuthorized, handleWechatpayApi } from "./wechatpay-api";

export type { FakePayment, FakeRequest } from "./types";

export interface FakeProviders {
  /** Env vars pointing our adapters at this server. */
  baseUrls: { ALIPAY_GATEWAY_URL: string; WECHATPAY_API_BASE_URL: string; STRIPE_API_BASE_URL: string; SANDBOX_API_BASE_URL: string };
  setPayment(provider: Provider, orderNo: string, payment: FakePayment): void;
  deletePayment(provider: Provider, orderNo: string): void;
  /** The next n requests to this provider get HTTP 503. */
  failNext(provider: Provider, n: number): void;
  /** The next n answers of this provider carry a signature that does not match (Stripe: another order's intent). */
  tamperNext(provider: Provider, n: number): void;
  /** How the sandbox answers a NEW refund (default SUCCESS); a PROCESSING one settles to SUCCESS after n more asks. */
  setSandboxRefundMode(decide: (req: SandboxRefundRequest) => { status: SandboxRefundStatus; settlesAfter?: number }): void;
  readonly sandboxRefunds: SandboxRefundBook;
  /** How Alipay, WeChat Pay or Stripe answer a NEW refund (default SUCCESS); the same refund number is one refund. */
  setRefundMode(provider: Exclude<Provider, "sandbox">, mode: FakeRefundMode): void;
  readonly refundStores: Record<Exclude<Provider, "sandbox">, FakeRefundStore>;
  /** Serve `body` as the provider's statement for `date` through its bill API; `served` = bytes really sent (tampering). */
  setStatement(provider: Provider, date: string, body: Buffer, served?: Buffer): void;
  readonly bills: FakeBillStore;
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

const HANDLERS: Record<Provider, (ctx: FakeContext) => FakeReply> = {
  alipay: handleAlipayGateway,
  wechatpay: handleWechatpayApi,
  stripe: handleStripeApi,
  sandbox: handleSandboxApi,
};

function route(path: string): Provider | undefined {
  if (path === "/gateway.do") return "alipay";
  if (path.startsWith("/v3/")) return "wechatpay";
  if (path.startsWith("/v1/")) return "stripe";
  if (path.startsWith("/payments/") || path === "/refunds" || path.startsWith("/refunds/") || path.startsWith("/statements/")) return "sandbox";
  if (path.startsWith("/alipay-bill/")) return "alipay";
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * One local HTTP server on 127.0.0.1 (ephemeral port) playing all four providers' query APIs, with real
 * signatures made from `keys`, backed by payments the test sets.
 */
export async function startFakeProviders(keys: ProviderTestKeys): Promise<FakeProviders> {
  const payments: Record<Provider, Map<string, FakePayment>> = { alipay: new Map(), wechatpay: new Map(), stripe: new Map(), sandbox: new Map() };
  const failures: Record<Provider, number> = { alipay: 0, wechatpay: 0, stripe: 0, sandbox: 0 };
  const tampers: Record<Provider, number> = { alipay: 0, wechatpay: 0, stripe: 0, sandbox: 0 };
  const requests: FakeRequest[] = [];
  let refundMode: (req: SandboxRefundRequest) => { status: SandboxRefundStatus; settlesAfter?: number } = () => ({ status: "SUCCESS" });
  // Refunds are signed with the shared secret both ways (the book verifies ours, we verify its answers).
  const sandboxRefunds = new SandboxRefundBook(keys.sandbox.webhookSecret, (req) => refundMode(req));
  const refundStores = { alipay: new FakeRefundStore(), wechatpay: new FakeRefundStore(), stripe: new FakeRefundStore() };
  const stripeIdempotency = new Map<string, FakeReply>();
  const bills = new FakeBillStore();
  let base = "";
  const refundHandler = (provider: Provider, ctx: FakeContext): FakeReply | undefined => {
    if (provider === "sandbox") return sandboxRefunds.handle(ctx.method, ctx.url.pathname, ctx.headers, ctx.body);
    if (provider === "alipay") return handleAlipayRefunds(ctx, refundStores.alipay);
    if (provider === "stripe") return handleStripeRefunds(ctx, refundStores.stripe, stripeIdempotency);
    // WeChat checks the request signature first, as handleWechatpayApi does for queries.
    return ctx.url.pathname.startsWith("/v3/refund/") && wechatpayAuthorized(ctx) ? handleWechatpayRefunds(ctx, refundStores.wechatpay) : undefined;
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k.toLowerCase()] = v;
    const provider = route(url.pathname);
    let reply: FakeReply;
    if (!provider) {
      reply = { status: 404, headers: { "content-type": "text/plain" }, body: "no fake here" };
    } else if (failures[provider] > 0) {
      failures[provider]--;
      reply = { status: 503, headers: { "content-type": "text/plain" }, body: "service unavailable (fake)" };
    } else {
      const tamper = tampers[provider] > 0;
      if (tamper) tampers[provider]--;
      const ctx: FakeContext = { keys, method: req.method ?? "GET", url, headers, body, payments: payments[provider], tamper };
      reply = handleBillApis(provider, ctx, bills, base) ?? refundHandler(provider, ctx) ?? HANDLERS[provider](ctx);
    }
    if (provider) requests.push({ provider, method: req.method ?? "GET", url: req.url ?? "/", headers, body, status: reply.status });
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrls: { ALIPAY_GATEWAY_URL: `${base}/gateway.do`, WECHATPAY_API_BASE_URL: base, STRIPE_API_BASE_URL: base, SANDBOX_API_BASE_URL: base },
    setPayment: (provider, orderNo, payment) => void payments[provider].set(orderNo, payment),
    deletePayment: (provider, orderNo) => void payments[provider].delete(orderNo),
    failNext: (provider, n) => void (failures[provider] = n),
    tamperNext: (provider, n) => void (tampers[provider] = n),
    setSandboxRefundMode: (decide) => void (refundMode = decide),
    sandboxRefunds,
    setRefundMode: (provider, mode) => void (refundStores[provider].mode = mode),
    refundStores,
    setStatement: (provider, date, body, served) => void bills.statements[provider].set(date, { body, served }),
    bills,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
