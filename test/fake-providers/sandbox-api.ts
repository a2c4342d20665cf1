import { signSandboxAnswer, type SandboxStatus } from "@/server/providers/sandbox/sign-answer";
import { sandboxStatus } from "../provider-signers";
import type { FakeContext, FakeReply } from "./types";

export function handleSandboxApi(ctx: FakeContext): FakeReply {
  const m = /^\/payments\/([^/]+)$/.exec(ctx.url.pathname);
  if (ctx.method !== "GET" || !m) return { status: 404, headers: {}, body: "not found" };
  const orderNo = decodeURIComponent(m[1]!);
  const p = ctx.payments.get(orderNo);
  const reply = signSandboxAnswer(
    ctx.tamper ? "not-the-shared-secret" : ctx.keys.sandbox.webhookSecret,
    orderNo,
    p && { orderNo, transactionId: p.transactionId, status: sandboxStatus(p.state) as SandboxStatus, amountMinor: p.amountMinor, currency: p.currency, paidAt: p.paidAt },
  );
  return reply;
}
