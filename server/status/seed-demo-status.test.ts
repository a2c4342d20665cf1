import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidents, statusNotices, statusNoticeUpdates } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { buildSnapshot } from "./build-snapshot";
import { seedDemoStatus } from "./seed-demo-status";

const db = useTestDb();
const MIN = 60_000;

describe("seedDemoStatus", () => {
  it("puts up the live outage's automatic notice, the past outage's resolved timeline and tomorrow's maintenance, once", async () => {
    const now = new Date("2026-11-26T06:00:00Z");
    const pastOpened = new Date(now.getTime() - 3 * 24 * 60 * MIN);
    await db().insert(incidents).values([
      { title: "past · sandbox", severity: "critical", provider: "sandbox", onsetAt: pastOpened, openedBy: "system:alerts", openedAt: pastOpened, status: "resolved", resolvedAt: new Date(pastOpened.getTime() + 50 * MIN), resolvedBy: "ops@payops.local", summary: "s" },
      { title: "live · sandbox", severity: "critical", provider: "sandbox", onsetAt: new Date(now.getTime() - 14 * MIN), openedBy: "system:alerts", openedAt: new Date(now.getTime() - 12 * MIN) },
    ]);
    expect(await seedDemoStatus(db(), { now })).toEqual({ skipped: false });
    expect(await seedDemoStatus(db(), { now })).toEqual({ skipped: true });

    const notices = await db().select().from(statusNotices).orderBy(asc(statusNotices.id));
    expect(notices.map((n) => [n.kind, n.status, n.automatic])).toEqual([
      ["incident", "resolved", false],
      ["incident", "investigating", true],
      ["maintenance", "scheduled", false],
    ]);
    const pastUpdates = await db().select().from(statusNoticeUpdates).where(eq(statusNoticeUpdates.noticeId, notices[0]!.id)).orderBy(asc(statusNoticeUpdates.at));
    expect(pastUpdates.map((u) => u.status)).toEqual(["investigating", "identified", "monitoring", "resolved"]);
    for (const n of notices) expect(`${n.title.en} ${n.body.en} ${n.body["zh-CN"]}`).not.toMatch(/[{}]/);
    // Tomorrow 02:00–04:00 in Shanghai.
    expect(notices[2]).toMatchObject({ scheduledFor: new Date("2026-11-26T18:00:00Z"), scheduledUntil: new Date("2026-11-26T20:00:00Z") });

    const snap = await buildSnapshot(db(), { now, appUrl: "http://x", timeZone: "Asia/Shanghai" });
    expect(snap.indicator).toBe("minor");
    expect(snap.active.map((n) => n.id)).toEqual([notices[1]!.id]);
    expect(snap.scheduled.map((n) => n.id)).toEqual([notices[2]!.id]);
    expect(snap.recent.map((n) => n.id)).toEqual([notices[0]!.id]);
    expect(snap.components.find((c) => c.key === "orders")!.history.find((b) => b.day === "2026-11-23")!.state).toBe("partial_outage");
  });
});
