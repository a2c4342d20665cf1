import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/route";
import { callbackEvents, callbackRejectCounters } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { signSandboxPayload } from "@/server/providers/sandbox/sign";
import { postCallback, sandboxPayload, uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { TEST_ENV } from "@/test/test-env";
import { REJECTED_BODY_BYTES } from "@/server/callbacks/inspect-body";
import { purgeRejectedMessages } from "@/server/callbacks/purge-rejected-messages";
import { recordProviderMessage } from "@/server/callbacks/record-provider-message";

const db = useTestDb();

function request(body: string, headers: Record<string, string> = {}, opts: { sign?: boolean; from?: string } = {}): Request {
  const t = Math.floor(Date.now() / 1000);
  return new Request("http://test.local/api/callbacks/sandbox", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(opts.sign === false ? { "sandbox-signature": `t=${t},v1=${"0".repeat(64)}` } : { "sandbox-signature": signSandboxPayload(TEST_ENV.SANDBOX_WEBHOOK_SECRET!, body, t) }),
      ...(opts.from ? { "x-forwarded-for": opts.from, "x-real-ip": opts.from } : {}),
      ...headers,
    },
    body,
  });
}
const rowsMentioning = (marker: string) => db().select().from(callbackEvents).where(sql`${callbackEvents.body} like ${"%" + marker + "%"}`);

afterEach(() => {
  delete process.env.CALLBACK_REJECTED_PER_WINDOW;
  delete process.env.TRUSTED_PROXY_HOPS;
  resetEnvCache();
});

describe("rejected messages are kept for forensics, within bounds", () => {
  it("stores at most CALLBACK_REJECTED_PER_WINDOW per source and window, and counts the rest", async () => {
    process.env.CALLBACK_REJECTED_PER_WINDOW = "5";
    // Whichever way the remote address is resolved (proxy hops trusted or not), all come from one source.
    process.env.TRUSTED_PROXY_HOPS = "1";
    resetEnvCache();
    const marker = uniqueOrderNo("FLOOD");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await postCallback(callbackRoute, "sandbox", request(JSON.stringify(sandboxPayload({ orderNo: marker })), {}, { sign: false, from: "203.0.113.7" }));
      statuses.push(res.status);
    }
    // The provider (or attacker) hears the same refusal whether or not the message was stored.
    expect(statuses).toEqual(Array(12).fill(401));
    const stored = await rowsMentioning(marker);
    expect(stored).toHaveLength(5);
    expect(stored.every((r) => r.verification === "rejected" && r.outcome === "rejected")).toBe(true);
    const counters = await db().select().from(callbackRejectCounters);
    const seen = counters.reduce((n, c) => n + c.seen, 0);
    expect(seen).toBeGreaterThanOrEqual(12);
  });

  it("caps a rejected body to its first 8 KiB, keeping its size and SHA-256; a verified body is kept whole", async () => {
    const marker = uniqueOrderNo("BIG");
    const big = JSON.stringify({ orderNo: marker, pad: "x".repeat(100_000) });
    const res = await postCallback(callbackRoute, "sandbox", request(big, {}, { sign: false }));
    expect(res.status).toBe(401);
    const [row] = await rowsMentioning(marker);
    expect(Buffer.byteLength(row!.body)).toBeLessThanOrEqual(REJECTED_BODY_BYTES);
    expect(row).toMatchObject({ bodyTruncated: true, bodyBytes: Buffer.byteLength(big) });
    expect(row!.bodySha256).toMatch(/^[0-9a-f]{64}$/);

    const verifiedMarker = uniqueOrderNo("WHOLE");
    const whole = JSON.stringify({ ...sandboxPayload({ orderNo: verifiedMarker }), note: "y".repeat(20_000) });
    expect((await postCallback(callbackRoute, "sandbox", request(whole))).status).toBe(200);
    const [kept] = await rowsMentioning(verifiedMarker);
    expect(kept!.body).toBe(whole);
    expect(kept!.bodyTruncated).toBe(false);
  });

  it("keeps only the provider's allow-listed headers, nothing credential-like", async () => {
    const orderNo = uniqueOrderNo("HDR");
    const res = await postCallback(
      callbackRoute,
      "sandbox",
      request(JSON.stringify(sandboxPayload({ orderNo })), {
        "user-agent": "sandbox-notify/1.0",
        "x-request-id": "req-123",
        cookie: "next-auth.session-token=abc",
        authorization: "Bearer ours",
        "x-api-key": "k",
        "x-payops-token": "t",
        "x-internal-secret": "s",
        "x-forwarded-for": "198.51.100.1",
      }),
    );
    expect(res.status).toBe(200);
    const [row] = await rowsMentioning(orderNo);
    expect(Object.keys(row!.headers).sort()).toEqual(["content-length", "content-type", "sandbox-signature", "user-agent", "x-request-id"].filter((h) => h in row!.headers).sort());
    expect(row!.headers).toMatchObject({ "sandbox-signature": expect.stringMatching(/^t=/), "user-agent": "sandbox-notify/1.0", "x-request-id": "req-123" });
    for (const h of ["cookie", "authorization", "x-api-key", "x-payops-token", "x-internal-secret", "x-forwarded-for"]) expect(row!.headers).not.toHaveProperty(h);
  });
});

describe("bodies PostgreSQL cannot hold as text", () => {
  it("answers 400 to a body with a NUL byte and stores it with the NUL replaced and flagged", async () => {
    const marker = uniqueOrderNo("NUL");
    const body = `{"orderNo":"${marker}","x":"a\u0000b"}`;
    const res = await postCallback(callbackRoute, "sandbox", request(body));
    expect(res.status).toBe(400);
    const [row] = await rowsMentioning(marker);
    expect(row).toMatchObject({ verification: "malformed", outcome: "malformed", bodySanitized: true });
    expect(row!.body).toContain("a\ufffdb");
    expect(row!.rejectReason).toMatch(/NUL/);
  });

  it("answers 400 to a signed message whose fields decode to NUL or a lone surrogate, and stores it", async () => {
    const marker = uniqueOrderNo("SUR");
    // Valid JSON text, valid signature: the escapes only become unstorable once parsed.
    const body = JSON.stringify(sandboxPayload({ orderNo: marker, transactionId: "T\ud800" }));
    expect(body).toContain("\\ud800");
    const res = await postCallback(callbackRoute, "sandbox", request(body));
    expect(res.status).toBe(400);
    const [row] = await rowsMentioning(marker);
    expect(row).toMatchObject({ verification: "malformed", outcome: "malformed" });
    const nul = uniqueOrderNo("NULF");
    const res2 = await postCallback(callbackRoute, "sandbox", request(JSON.stringify(sandboxPayload({ orderNo: `${nul}\u0000` }))));
    expect(res2.status).toBe(400);
    expect(await rowsMentioning(nul)).toHaveLength(1);
  });
});

describe("retention of rejected messages", () => {
  it("deletes only rejected/malformed rows older than the retention period", async () => {
    const marker = uniqueOrderNo("RET");
    const old = new Date(Date.now() - 40 * 86_400_000);
    const recent = new Date(Date.now() - 2 * 86_400_000);
    const base = { provider: "sandbox" as const, source: "notify" as const, headers: {}, body: `{"m":"${marker}"}` };
    const oldRejected = await recordProviderMessage(db(), { ...base, receivedAt: old, verification: "rejected", outcome: "rejected", rejectReason: "signature mismatch" });
    const oldMalformed = await recordProviderMessage(db(), { ...base, receivedAt: old, verification: "malformed", outcome: "malformed", rejectReason: "x" });
    const oldVerified = await recordProviderMessage(db(), { ...base, receivedAt: old, verification: "verified", outcome: "applied" });
    const recentRejected = await recordProviderMessage(db(), { ...base, receivedAt: recent, verification: "rejected", outcome: "rejected" });
    await db().insert(callbackRejectCounters).values({ source: `old-${marker}`, windowStart: old, seen: 3 });

    const purged = await purgeRejectedMessages(db(), { retentionMs: 30 * 86_400_000 });
    expect(purged.messages).toBeGreaterThanOrEqual(2);
    const left = (await rowsMentioning(marker)).map((r) => r.id).sort((a, b) => a - b);
    expect(left).toEqual([oldVerified, recentRejected].sort((a, b) => a - b));
    expect(left).not.toContain(oldRejected);
    expect(left).not.toContain(oldMalformed);
    expect(await db().select().from(callbackRejectCounters).where(and(eq(callbackRejectCounters.source, `old-${marker}`)))).toHaveLength(0);
  });
});
