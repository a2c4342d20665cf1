import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, callbackEvents, callbackRejectCounters } from "@/db/schema";
import { NotFoundError, ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { BODY_PREVIEW_BYTES, BODY_VIEW_MAX_BYTES, cutToBytes, toCallbackSummary } from "./callback-summary";
import { getCallbackBody } from "./get-callback-body";
import { purgeRejectedMessages, purgeRejectedMessagesJob } from "./purge-rejected-messages";
import { revealCallbackBody } from "./reveal-callback-body";
import { startWorkerInboxApplier } from "./start-callback-background";

// What the console gets of a stored message (a preview, one body on demand, an audited reveal) and how
// rejected messages age out: gaps the StrykerJS run of server/callbacks left (docs/testing.md). Expectations
// by hand: a preview or a body is cut to whole UTF-8 characters within its byte budget, and says when it is
// shorter than what is stored; a reveal needs a reason and is audited; only refused messages and their
// counters older than the retention go.

const db = useTestDb();
const ops = { id: "00000000-0000-4000-8000-000000000004", label: "ops@payops.local", role: "ops" as const, requestId: "req-reveal" };

async function stored(body: string, over: Partial<typeof callbackEvents.$inferInsert> = {}): Promise<number> {
  const [row] = await db()
    .insert(callbackEvents)
    .values({ provider: "alipay", headers: { "content-type": "text/plain" }, body, verification: "rejected", outcome: "rejected", ...over })
    .returning({ id: callbackEvents.id });
  return row!.id;
}

describe("cutToBytes", () => {
  it("keeps text of exactly the budget whole, and cuts one byte more", () => {
    expect(cutToBytes("abcd", 4)).toBe("abcd");
    expect(cutToBytes("abcde", 4)).toBe("abcd");
    expect(cutToBytes("", 0)).toBe("");
  });

  it("never splits a character: steps back to the start of a 2-, 3- or 4-byte character", () => {
    // "é" is 2 bytes, "元" 3, "😀" 4.
    expect(cutToBytes("aé", 2)).toBe("a");
    expect(cutToBytes("a元", 3)).toBe("a");
    expect(cutToBytes("a元", 2)).toBe("a");
    expect(cutToBytes("a😀", 4)).toBe("a");
    expect(cutToBytes("元元", 5)).toBe("元");
    expect(cutToBytes("元元", 6)).toBe("元元");
    // A budget that ends inside the very first character leaves nothing rather than half of it.
    expect(cutToBytes("😀", 3)).toBe("");
  });
});

describe("toCallbackSummary", () => {
  const row = (bodyPreview: string, storedBytes: number) => ({ bodyPreview, storedBytes }) as unknown as Parameters<typeof toCallbackSummary>[0];

  it("a body that fits the preview is whole and not marked truncated", () => {
    expect(toCallbackSummary(row("a=1&b=2", 7))).toMatchObject({ body: "a=1&b=2", storedBytes: 7, previewTruncated: false });
  });

  it("a preview shorter than the stored body (in bytes) is marked truncated", () => {
    const long = "元".repeat(BODY_PREVIEW_BYTES);
    const s = toCallbackSummary(row(long, Buffer.byteLength(long)));
    expect(Buffer.byteLength(s.body)).toBe(2046);
    expect(s.body).toBe("元".repeat(682));
    expect(s.previewTruncated).toBe(true);
    expect(s).not.toHaveProperty("bodyPreview");
  });

  it("a body of exactly the preview's size is whole", () => {
    const exact = "x".repeat(BODY_PREVIEW_BYTES);
    expect(toCallbackSummary(row(exact, BODY_PREVIEW_BYTES))).toMatchObject({ body: exact, previewTruncated: false });
  });
});

describe("getCallbackBody", () => {
  it("answers one message's body with its provider, headers and stored size", async () => {
    const id = await stored("out_trade_no=B-1&total_amount=9.90", { provider: "alipay", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(await getCallbackBody(db(), id)).toEqual({
      id,
      provider: "alipay",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "out_trade_no=B-1&total_amount=9.90",
      storedBytes: 34,
      truncated: false,
    });
  });

  it("cuts a body over the view's budget to whole characters and says so", async () => {
    const body = "元".repeat(BODY_VIEW_MAX_BYTES / 2);
    const id = await stored(body, { verification: "verified", outcome: "applied" });
    const b = await getCallbackBody(db(), id);
    expect(b.storedBytes).toBe(Buffer.byteLength(body));
    expect(Buffer.byteLength(b.body)).toBe(BODY_VIEW_MAX_BYTES - 1);
    expect(b.body).toBe("元".repeat((BODY_VIEW_MAX_BYTES - 1) / 3));
    expect(b.truncated).toBe(true);
  });

  it("names the message it could not find", async () => {
    await expect(getCallbackBody(db(), 987_654_321)).rejects.toThrow(new NotFoundError("message 987654321 not found"));
  });
});

describe("revealCallbackBody", () => {
  const revealAudits = (id: number) => db().select().from(auditLogs).where(and(eq(auditLogs.action, "callback.reveal"), eq(auditLogs.entityId, String(id))));

  it("answers the body and audits who read which message and why (the reason trimmed, at most 500 characters)", async () => {
    const id = await stored("phone=13800138000");
    const why = `  customer disputes the charge ${"x".repeat(600)}  `;
    expect((await revealCallbackBody(db(), ops, id, why)).body).toBe("phone=13800138000");
    const [a] = await revealAudits(id);
    expect(a).toMatchObject({ actorLabel: "ops@payops.local", entityType: "callback", entityId: String(id), requestId: "req-reveal" });
    expect(a!.after).toEqual({ reason: why.trim().slice(0, 500) });
    expect((a!.after as { reason: string }).reason).toHaveLength(500);
  });

  it("needs a reason of at least 5 characters, not counting surrounding spaces; refused means nothing read, nothing audited", async () => {
    const id = await stored("phone=13800138001");
    await expect(revealCallbackBody(db(), ops, id, "   abcd   ")).rejects.toThrow(new ValidationError("give a reason (at least 5 characters) for unmasking personal data"));
    expect(await revealAudits(id)).toHaveLength(0);
    await expect(revealCallbackBody(db(), ops, id, " abcde ")).resolves.toMatchObject({ id });
    expect((await revealAudits(id))[0]!.after).toEqual({ reason: "abcde" });
  });
});

describe("purgeRejectedMessages", () => {
  const now = new Date("2026-11-27T00:00:00.000Z");
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it("deletes refused messages and counters older than the retention (30 days by default), keeps verified ones and younger ones", async () => {
    const old = await stored("old rejected", { receivedAt: daysAgo(31) });
    const oldMalformed = await stored("old malformed", { verification: "malformed", outcome: "malformed", receivedAt: daysAgo(40) });
    const young = await stored("young rejected", { receivedAt: daysAgo(29) });
    const evidence = await stored("old verified", { verification: "verified", outcome: "applied", receivedAt: daysAgo(400) });
    await db()
      .insert(callbackRejectCounters)
      .values([
        { source: "203.0.113.9", windowStart: daysAgo(31), seen: 7 },
        { source: "203.0.113.9", windowStart: daysAgo(1), seen: 2 },
      ]);
    expect(await purgeRejectedMessages(db(), { now })).toEqual({ messages: 2, counters: 1 });
    const left = (await db().select({ id: callbackEvents.id }).from(callbackEvents)).map((r) => r.id);
    expect(left).not.toContain(old);
    expect(left).not.toContain(oldMalformed);
    expect(left).toEqual(expect.arrayContaining([young, evidence]));
    expect((await db().select().from(callbackRejectCounters)).map((c) => c.seen)).toEqual([2]);
    // Nothing left to purge: zero, not an error.
    expect(await purgeRejectedMessages(db(), { now })).toEqual({ messages: 0, counters: 0 });
  });

  it("a shorter retention reaches younger messages", async () => {
    const twoDays = await stored("two days", { receivedAt: daysAgo(2) });
    expect((await purgeRejectedMessages(db(), { now, retentionMs: 86_400_000 })).messages).toBeGreaterThanOrEqual(1);
    expect((await db().select().from(callbackEvents).where(eq(callbackEvents.id, twoDays))).length).toBe(0);
  });

  it("as the hourly job: no retries (a missed purge is simply the next hour's work)", () => {
    expect(purgeRejectedMessagesJob.retrySchedule()).toEqual([]);
  });
});

describe("startWorkerInboxApplier (npm run worker)", () => {
  it("returns a running applier: a kick applies what waits in the inbox (here: a payment for an order we do not know yet)", async () => {
    const notification = {
      eventId: "evt-w-1",
      dedupeKey: "TX-W-1:paid",
      orderNo: "NO-SUCH-ORDER-W",
      transactionId: "TX-W-1",
      state: "paid",
      providerStatus: "SUCCESS",
      amountMinor: 990,
      currency: "CNY",
      eventAt: "2026-11-27T00:00:00.000Z",
      paidAt: "2026-11-27T00:00:00.000Z",
      facts: {},
    };
    const id = await stored(JSON.stringify(notification), { provider: "sandbox", verification: "verified", outcome: "received", orderNo: "NO-SUCH-ORDER-W", notification });
    const applier = await startWorkerInboxApplier(db());
    try {
      applier.kick();
      await applier.idle();
      const [row] = await db().select({ outcome: callbackEvents.outcome }).from(callbackEvents).where(eq(callbackEvents.id, id));
      expect(row!.outcome).toBe("unknown_order");
    } finally {
      await applier.stop();
    }
  });
});
