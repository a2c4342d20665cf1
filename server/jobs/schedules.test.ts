import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, schedules } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { ensureSchedule, runDueSchedules } from "./schedules";

const db = useTestDb();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("schedules", () => {
  it("fires each slot exactly once with two tickers racing, and keeps firing on later slots", async () => {
    const name = "test-two-tickers";
    await ensureSchedule(db(), name, "test.sweep", 150);
    let firedA = 0;
    let firedB = 0;
    const until = Date.now() + 1_000;
    // Two tickers (the in-process worker and a cron tick, or two worker processes) poll far more often
    // than the interval. On PostgreSQL they race on separate connections.
    await Promise.all([
      (async () => {
        while (Date.now() < until) {
          firedA += await runDueSchedules(db());
          await sleep(3);
        }
      })(),
      (async () => {
        while (Date.now() < until) {
          firedB += await runDueSchedules(db());
          await sleep(4);
        }
      })(),
    ]);
    const enqueued = await db().select().from(jobs).where(like(jobs.dedupeKey, `schedule:${name}:%`));
    // Every fire enqueued a job and no slot fired twice (a double fire would be absorbed by the dedupe
    // key, making fires > jobs).
    expect(firedA + firedB).toBe(enqueued.length);
    // ~1 s / 150 ms: first slot at once, then every interval. Generous bounds for a loaded CI box.
    expect(enqueued.length).toBeGreaterThanOrEqual(3);
    expect(enqueued.length).toBeLessThanOrEqual(8);
    for (const job of enqueued) expect(job).toMatchObject({ type: "test.sweep", payload: { schedule: name }, maxAttempts: 1 });
    // Slots are spaced by at least the interval: the next slot is computed from the fire time.
    const slots = enqueued.map((j) => new Date(j.dedupeKey!.slice(`schedule:${name}:`.length)).getTime()).sort((a, b) => a - b);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(150);
    await db().update(schedules).set({ enabled: false }).where(eq(schedules.name, name));
  });

  it("does not fire a disabled schedule, or one that is not due", async () => {
    await ensureSchedule(db(), "test-disabled", "test.disabled", 10);
    await db().update(schedules).set({ enabled: false }).where(eq(schedules.name, "test-disabled"));
    await ensureSchedule(db(), "test-later", "test.later", 60_000);
    expect(await runDueSchedules(db())).toBe(1); // test-later's first slot is now
    expect(await runDueSchedules(db())).toBe(0); // and its next is a minute away
    await sleep(30);
    expect(await runDueSchedules(db())).toBe(0);
    expect(await db().select().from(jobs).where(eq(jobs.type, "test.disabled"))).toHaveLength(0);
    expect(await db().select().from(jobs).where(eq(jobs.type, "test.later"))).toHaveLength(1);
  });

  it("ensureSchedule updates the interval but keeps the next run time", async () => {
    await ensureSchedule(db(), "test-update", "test.update", 60_000);
    const [before] = await db().select().from(schedules).where(eq(schedules.name, "test-update"));
    await sleep(20);
    await ensureSchedule(db(), "test-update", "test.update2", 120_000);
    const [after] = await db().select().from(schedules).where(eq(schedules.name, "test-update"));
    expect(after).toMatchObject({ jobType: "test.update2", intervalMs: 120_000 });
    expect(after!.nextRunAt.getTime()).toBe(before!.nextRunAt.getTime());
  });
});
