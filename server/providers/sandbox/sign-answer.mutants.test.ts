import { describe, expect, it } from "vitest";
import { signSandboxPayload } from "./sign";
import { signSandboxAnswer } from "./sign-answer";

const SECRET = "sbx_0123456789abcdef";
const NOW = new Date("2026-09-15T10:30:12Z");

describe("signSandboxAnswer", () => {
  it("answers a known payment 200 with its fields, signed", () => {
    const a = signSandboxAnswer(SECRET, "ORD1", { orderNo: "ORD1", transactionId: null, status: "PENDING", amountMinor: 5, currency: "CNY", paidAt: null }, NOW);
    const body = '{"orderNo":"ORD1","transactionId":null,"status":"PENDING","amountMinor":5,"currency":"CNY","paidAt":null}';
    expect(a).toEqual({
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8", "sandbox-signature": signSandboxPayload(SECRET, body, 1_789_468_212) },
      body,
    });
  });

  it("answers an unknown order 404 with a signed not_found body naming it", () => {
    const body = '{"error":"not_found","orderNo":"ORD2"}';
    expect(signSandboxAnswer(SECRET, "ORD2", undefined, NOW)).toEqual({
      status: 404,
      headers: { "content-type": "application/json; charset=utf-8", "sandbox-signature": signSandboxPayload(SECRET, body, 1_789_468_212) },
      body,
    });
  });
});
