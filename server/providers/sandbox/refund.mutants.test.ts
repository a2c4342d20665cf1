import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getEnv, type Env } from "@/server/env";
import { checkTimestampedHmac } from "@/server/lib/timestamped-hmac";
import { stubFetch, type SeenRequest } from "@/test/fetch-stub";
import { queryFailure } from "@/test/provider-errors";
import type { RefundCall } from "../types";
import { sandboxRefunds } from "./refund";
import { SandboxRefundBook, type SandboxRefundStatus } from "./refund-book";
import { signSandboxPayload } from "./sign";

// The sandbox refund adapter against a `fetch` standing in for the sandbox provider: either the real
// SandboxRefundBook (what the simulator serves) or a hand-made signed/unsigned answer.

const SECRET = "sbx_adapter_secret_abcdef0123456789";
let env: Env;

let sent: SeenRequest[] = [];
let answer: (s: SeenRequest) => { status: number; headers?: Record<string, string>; body: string };
let decide: () => { status: SandboxRefundStatus; settlesAfter?: number } = () => ({ status: "SUCCESS" });
let book: SandboxRefundBook;

beforeEach(() => {
  env = { ...getEnv(), SANDBOX_API_BASE_URL: "http://sandbox.test//", SANDBOX_WEBHOOK_SECRET: SECRET };
  decide = () => ({ status: "SUCCESS" });
  book = new SandboxRefundBook(SECRET, () => decide());
  answer = (s) => book.handle(s.method, new URL(s.url).pathname, s.headers, s.body)!;
  sent = stubFetch((s) => {
    const a = answer(s);
    return new Response(a.body, { status: a.status, headers: a.headers ?? {} });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const call = (over: Partial<RefundCall> = {}): RefundCall => ({
  refundNo: "RF20261126SBX0001",
  orderNo: "ORD20261126SBX01",
  transactionId: "SBX-TX-1",
  amountMinor: 1_230,
  currency: "CNY",
  orderAmountMinor: 5_000,
  reason: "charged_twice",
  ...over,
});

const signedAnswer = (status: number, body: string, secret = SECRET) => ({ status, headers: { "sandbox-signature": signSandboxPayload(secret, body, Math.floor(Date.now() / 1000)) }, body });

describe("sandbox refund request", () => {
  it("POSTs the signed JSON refund to <base>/refunds and reports success", async () => {
    const c = call();
    const raw = '{"refundNo":"RF20261126SBX0001","status":"SUCCESS","amountMinor":1230}';
    expect(await sandboxRefunds.refund(c, env)).toEqual({ kind: "succeeded", providerStatus: "SUCCESS", providerRefundId: "RF20261126SBX0001", raw });
    expect(sent).toHaveLength(1);
    const s = sent[0]!;
    expect(s.url).toBe("http://sandbox.test/refunds");
    expect(s.method).toBe("POST");
    expect(s.body).toBe('{"refundNo":"RF20261126SBX0001","orderNo":"ORD20261126SBX01","transactionId":"SBX-TX-1","amountMinor":1230,"currency":"CNY","reason":"charged_twice"}');
    expect(Object.keys(s.headers).sort()).toEqual(["accept", "content-type", "sandbox-signature"]);
    expect(s.headers.accept).toBe("application/json");
    expect(s.headers["content-type"]).toBe("application/json");
    const check = checkTimestampedHmac({ header: s.headers["sandbox-signature"], headerName: "sandbox-signature", body: s.body, secret: SECRET, now: new Date(), toleranceSeconds: 5 });
    expect(check.ok).toBe(true);
  });

  it("asks again with a signed GET <base>/refunds/<refundNo> without a body", async () => {
    decide = () => ({ status: "PROCESSING", settlesAfter: 2 });
    const c = call({ refundNo: "RF20261126SBX0002" });
    expect(await sandboxRefunds.refund(c, env)).toEqual({ kind: "processing", providerStatus: "PROCESSING", providerRefundId: "RF20261126SBX0002", raw: '{"refundNo":"RF20261126SBX0002","status":"PROCESSING","amountMinor":1230}' });
    expect(await sandboxRefunds.queryRefund(c, env)).toEqual({ kind: "processing", providerStatus: "PROCESSING", providerRefundId: "RF20261126SBX0002", raw: '{"refundNo":"RF20261126SBX0002","status":"PROCESSING","amountMinor":1230}' });
    expect(await sandboxRefunds.queryRefund(c, env)).toEqual({ kind: "succeeded", providerStatus: "SUCCESS", providerRefundId: "RF20261126SBX0002", raw: '{"refundNo":"RF20261126SBX0002","status":"SUCCESS","amountMinor":1230}' });
    const q = sent[1]!;
    expect(q.url).toBe("http://sandbox.test/refunds/RF20261126SBX0002");
    expect(q.method).toBe("GET");
    expect(q.body).toBe("");
    expect(Object.keys(q.headers).sort()).toEqual(["accept", "sandbox-signature"]);
    expect(q.headers.accept).toBe("application/json");
    expect(checkTimestampedHmac({ header: q.headers["sandbox-signature"], headerName: "sandbox-signature", body: "", secret: SECRET, now: new Date(), toleranceSeconds: 5 }).ok).toBe(true);
  });

  it("a base URL without trailing slash and a refund no needing escapes", async () => {
    env = { ...env, SANDBOX_API_BASE_URL: "http://sandbox.test/api" };
    answer = () => signedAnswer(200, '{"refundNo":"RF/1 2","status":"SUCCESS","amountMinor":1230}');
    expect((await sandboxRefunds.queryRefund(call({ refundNo: "RF/1 2" }), env)).kind).toBe("succeeded");
    expect(sent[0]!.url).toBe("http://sandbox.test/api/refunds/RF%2F1%202");
  });

  it("a FAILED refund is failed with code FAILED", async () => {
    decide = () => ({ status: "FAILED" });
    expect(await sandboxRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "FAILED", code: "FAILED", message: "sandbox refund failed", raw: '{"refundNo":"RF20261126SBX0001","status":"FAILED","amountMinor":1230}' });
  });
});

describe("sandbox refund answers that are errors", () => {
  it.each([429, 500, 503])("HTTP %i (unsigned) is retried with the same number, message = first 200 chars", async (status) => {
    const body = `busy ${"x".repeat(300)}`;
    answer = () => ({ status, body });
    expect(await sandboxRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: `HTTP ${status}`, code: `http_${status}`, message: body.slice(0, 200), raw: body });
  });

  it("an unsigned or wrongly signed answer is not trusted, whatever it says", async () => {
    answer = () => ({ status: 200, body: '{"refundNo":"RF20261126SBX0001","status":"SUCCESS","amountMinor":1230}' });
    let e = await queryFailure(sandboxRefunds.refund(call(), env));
    expect(e.failure).toBe("untrusted");
    expect(e.message).toBe("sandbox refund answer not trusted: missing sandbox-signature header");
    answer = () => signedAnswer(400, '{"error":"invalid_request"}', "not-the-secret");
    e = await queryFailure(sandboxRefunds.refund(call(), env));
    expect(e.failure).toBe("untrusted");
    expect(e.message).toBe("sandbox refund answer not trusted: signature mismatch");
    answer = () => signedAnswer(499, "{}", "not-the-secret");
    expect((await queryFailure(sandboxRefunds.refund(call(), env))).failure).toBe("untrusted");
  });

  it("a query for a refund the sandbox never got is retried (creating it again is safe)", async () => {
    expect(await sandboxRefunds.queryRefund(call({ refundNo: "RF-LOST" }), env)).toEqual({
      kind: "retry",
      providerStatus: "NOT_FOUND",
      code: "refund_not_found",
      message: "refund unknown to the sandbox",
      raw: '{"error":"refund_not_found","refundNo":"RF-LOST"}',
    });
  });

  it("a signed refusal fails for people to fix: 409 discordant repeat, 404 on create, 400", async () => {
    expect((await sandboxRefunds.refund(call(), env)).kind).toBe("succeeded");
    expect(await sandboxRefunds.refund(call({ amountMinor: 999 }), env)).toEqual({
      kind: "failed",
      providerStatus: "HTTP 409",
      code: "discordant_repeat_request",
      message: "sandbox refused the refund (discordant_repeat_request)",
      raw: '{"error":"discordant_repeat_request","refundNo":"RF20261126SBX0001"}',
    });
    answer = () => signedAnswer(404, '{"error":"no_such_route"}');
    expect(await sandboxRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP 404", code: "no_such_route", message: "sandbox refused the refund (no_such_route)", raw: '{"error":"no_such_route"}' });
    answer = () => signedAnswer(404, '{"error":"refund_not_found"}');
    expect(await sandboxRefunds.queryRefund(call(), env)).toMatchObject({ kind: "retry", providerStatus: "NOT_FOUND" });
    answer = () => signedAnswer(400, "bad request");
    expect(await sandboxRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP 400", code: "http_400", message: "sandbox refused the refund (http_400)", raw: "bad request" });
    answer = () => signedAnswer(404, '{"error":7}');
    expect(await sandboxRefunds.queryRefund(call(), env)).toEqual({ kind: "retry", providerStatus: "NOT_FOUND", code: "http_404", message: "refund unknown to the sandbox", raw: '{"error":7}' });
    answer = () => signedAnswer(499, "{}");
    expect(await sandboxRefunds.queryRefund(call(), env)).toMatchObject({ kind: "failed", providerStatus: "HTTP 499", code: "http_499" });
  });
});

describe("sandbox refund answers that cannot be used", () => {
  it("an answer for another refund no, or no JSON object, is the wrong order", async () => {
    answer = () => signedAnswer(200, '{"refundNo":"RF-OTHER","status":"SUCCESS","amountMinor":1230}');
    let e = await queryFailure(sandboxRefunds.refund(call(), env));
    expect([e.failure, e.message]).toEqual(["wrong_order", "sandbox answered for refund RF-OTHER, asked RF20261126SBX0001"]);
    answer = () => signedAnswer(200, "OK");
    e = await queryFailure(sandboxRefunds.queryRefund(call(), env));
    expect([e.failure, e.message]).toEqual(["wrong_order", "sandbox answered for refund undefined, asked RF20261126SBX0001"]);
  });

  it("another amount or an unknown status is unusable", async () => {
    answer = () => signedAnswer(200, '{"refundNo":"RF20261126SBX0001","status":"SUCCESS","amountMinor":1231}');
    let e = await queryFailure(sandboxRefunds.refund(call(), env));
    expect([e.failure, e.message]).toEqual(["unusable", "sandbox refund amount 1231 ≠ 1230"]);
    answer = () => signedAnswer(200, '{"refundNo":"RF20261126SBX0001","status":"REFUNDED","amountMinor":1230}');
    e = await queryFailure(sandboxRefunds.queryRefund(call(), env));
    expect([e.failure, e.message]).toEqual(["unusable", "sandbox refund status REFUNDED"]);
  });
});
