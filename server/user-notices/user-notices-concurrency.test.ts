import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, userNoticeDeliveries, userNotices, userNoticeSettings } from "@/db/schema";
import { isPostgresRun, useTestDb } from "@/test/db";
import { createNotices } from "./create-notices";
import { runNoticeDetection } from "./detect-notices-job";

// Races between separate transactions need separate connections: PostgreSQL only (PGlite has one connection,
// so there concurrent runs simply interleave — the repeated-run case is in user-notices.test.ts).
const db = useTestDb();
const NOW = new Date(Date.UTC(2026, 0, 10, 6, 0)); // 14:00 in Shanghai: outside quiet hours
const MIN = 60_000;

describe.skipIf(!isPostgresRun())("notice detection races (PostgreSQL)", () => {
  it("eight detection runs at once create one notice per order and situation, with one delivery per channel", { timeout: 60_000 }, async () => {
    const nos = Array.from({ length: 10 }, (_, i) => `RACE-UN-${i}`);
    await db()
      .insert(orders)
      .values(nos.map((orderNo, i) => ({ orderNo, userId: `race-user-${i}`, userPhone: `1390000${String(i).padStart(4, "0")}`, amountMinor: 500, currency: "CNY", provider: "alipay" as const, status: "PAID" as const, paidAt: new Date(NOW.getTime() - 20 * MIN), paidVia: "notify" as const })));
    await Promise.all(Array.from({ length: 8 }, () => runNoticeDetection(db(), NOW)));
    const rows = await db().select().from(userNotices);
    expect(rows.filter((n) => nos.includes(n.orderNo))).toHaveLength(10);
    const deliveries = await db().select().from(userNoticeDeliveries);
    expect(deliveries).toHaveLength(20);
  });

  it("the per-user rate limit holds when notices for one user are created at once", { timeout: 60_000 }, async () => {
    await db().insert(userNoticeSettings).values({ id: 1, ratePerDay: 2 }).onConflictDoUpdate({ target: userNoticeSettings.id, set: { ratePerDay: 2 } });
    const nos = Array.from({ length: 6 }, (_, i) => `RATE-UN-${i}`);
    await db()
      .insert(orders)
      .values(nos.map((orderNo) => ({ orderNo, userId: "rate-race-user", userPhone: "13900009999", amountMinor: 500, currency: "CNY", provider: "alipay" as const, status: "PAID" as const, paidAt: NOW })));
    await Promise.all(nos.map((orderNo) => createNotices(db(), [{ orderNo, situation: "paid_not_updated", kind: "initial" }], { createdBy: "race", now: NOW })));
    const rows = await db().select().from(userNotices).where(eq(userNotices.userId, "rate-race-user"));
    expect(rows.filter((n) => n.status !== "skipped")).toHaveLength(2);
    expect(rows.filter((n) => n.skipReason === "rate_limited")).toHaveLength(4);
  });
});
