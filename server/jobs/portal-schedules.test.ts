import { describe, expect, it } from "vitest";
import { jobs, schedules } from "@/db/schema";
import { jobRegistry } from "@/server/jobs/registry";
import { runDueSchedules } from "@/server/jobs/schedules";
import { useTestDb } from "@/test/db";
import { ensurePortalSchedules } from "./portal-schedules";

const db = useTestDb();

describe("portal schedules", () => {
  it("registers rejected-message retention, sign-in pruning, the metrics rollup and alert delivery, idempotently, with runnable job types", async () => {
    await ensurePortalSchedules(db());
    await ensurePortalSchedules(db());
    const rows = await db().select().from(schedules);
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(["alerts.deliver", "auth.prune-sign-in-records", "callbacks.purge-rejected", "metrics.rollup-and-alerts", "recon.pending-review", "recon.pull-due", "reports.due", "tickets.sweep", "user-notices.detect"]);
    for (const r of rows) {
      expect(r.intervalMs).toBe(r.name === "metrics.rollup-and-alerts" || r.name === "user-notices.detect" || r.name === "tickets.sweep" || r.name === "recon.pending-review" ? 60_000 : r.name === "alerts.deliver" ? 15_000 : r.name === "recon.pull-due" || r.name === "reports.due" ? 900_000 : 3_600_000);
      expect(jobRegistry.has(r.jobType)).toBe(true);
    }
    // All are due at once after registration: one job each is enqueued.
    expect(await runDueSchedules(db())).toBe(9);
    const enqueued = (await db().select({ type: jobs.type }).from(jobs)).map((j) => j.type).sort();
    expect(enqueued).toEqual(["alerts.deliver", "auth.prune-sign-in-records", "callbacks.purge-rejected", "metrics.rollup-and-alerts", "recon.pending-review", "recon.pull-due", "reports.due", "tickets.sweep", "user-notices.detect"]);
  });
});
