import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "@/server/env";
import { useGatewayStub, type GatewayAnswer } from "@/test/fetch-stub";
import { applyProviderTestEnv, createProviderTestKeys, signSandboxBody } from "@/test/provider-signers";
import { queryFailure } from "@/test/provider-errors";
import { querySandbox } from "./query";
import { signSandboxAnswer } from "./sign-answer";

// GET /payments/:orderNo against a `fetch` stub standing in for the sandbox provider; answers are hand-made
// and signed with the shared secret unless a test says otherwise.

const keys = createProviderTestKeys({ pairs: 2 });
let env: Env;

const gateway = useGatewayStub();

beforeAll(() => {
  // trailing slashes on the base URL are dropped, not doubled
  env = applyProviderTestEnv(keys, { SANDBOX_API_BASE_URL: "https://sandbox.example.test/api//", PROVIDER_QUERY_TIMEOUT: "2s" });
});

const ORDER = "ORD 2026/0915";
const ref = { orderNo: ORDER, providerTransactionId: null, amountMinor: 1999, currency: "CNY" };
const signed = (doc: unknown, status = 200): GatewayAnswer => {
  const m = signSandboxBody(keys, typeof doc === "string" ? doc : JSON.stringify(doc));
  return { status, ...m };
};

async function failure(): Promise<{ failure: string; message: string; status?: number }> {
  const q = await queryFailure(querySandbox(ref, env));
  return { failure: q.failure, message: q.message, status: q.status };
}

const payment = { orderNo: ORDER, transactionId: "SBX0000000001", status: "SUCCESS" as const, amountMinor: 1999, currency: "CNY", paidAt: new Date("2026-09-15T10:30:12Z") };

describe("querySandbox", () => {
  it("GETs /payments/<encoded order no> accepting JSON and reports the payment exactly", async () => {
    gateway.answer = signSandboxAnswer(keys.sandbox.webhookSecret, ORDER, payment);
    const r = await querySandbox(ref, env);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]!.url).toBe("https://sandbox.example.test/api/payments/ORD%202026%2F0915");
    expect(gateway.calls[0]).toMatchObject({ method: "GET", headers: { accept: "application/json" } });
    expect(r).toEqual({
      found: true,
      raw: gateway.answer.body,
      notification: {
        eventId: null,
        dedupeKey: "SBX0000000001:PAID",
        orderNo: ORDER,
        transactionId: "SBX0000000001",
        state: "PAID",
        providerStatus: "SUCCESS",
        amountMinor: 1999,
        currency: "CNY",
        eventAt: new Date("2026-09-15T10:30:12Z"),
        paidAt: new Date("2026-09-15T10:30:12Z"),
        facts: {},
      },
    });
  });

  it("reports a signed 404 as not found", async () => {
    gateway.answer = signSandboxAnswer(keys.sandbox.webhookSecret, ORDER, undefined);
    expect(await querySandbox(ref, env)).toEqual({ found: false, raw: gateway.answer.body, reason: "sandbox has no payment for this order" });
  });

  it("throws http_status on statuses other than 200 and 404", async () => {
    gateway.answer = { ...signSandboxAnswer(keys.sandbox.webhookSecret, ORDER, payment), status: 503 };
    expect(await failure()).toEqual({ failure: "http_status", message: "sandbox answered HTTP 503", status: 503 });
  });

  it("throws untrusted on an unsigned answer, 200 or 404", async () => {
    for (const status of [200, 404]) {
      gateway.answer = { status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: "not_found", orderNo: ORDER }) };
      expect(await failure()).toEqual({ failure: "untrusted", message: "sandbox answer not trusted: missing sandbox-signature header", status: undefined });
    }
  });

  it("throws unusable on a signed answer that is not a JSON object", async () => {
    for (const body of ["ok", "[]"]) {
      gateway.answer = signed(body);
      expect(await failure()).toEqual({ failure: "unusable", message: "sandbox answer is not a JSON object", status: undefined });
    }
  });

  it("throws wrong_order when the answer is about another order", async () => {
    gateway.answer = signed({ ...payment, orderNo: "ORD999" });
    expect(await failure()).toEqual({ failure: "wrong_order", message: `sandbox answered for ORD999, asked ${ORDER}`, status: undefined });
  });

  it("throws unusable with the reason when the payment cannot be read", async () => {
    gateway.answer = signed({ ...payment, amountMinor: "19.99" });
    expect(await failure()).toEqual({ failure: "unusable", message: "sandbox answer unusable: amountMinor is not an integer", status: undefined });
  });
});
