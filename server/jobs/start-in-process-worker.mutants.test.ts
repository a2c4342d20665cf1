import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setDbHandle, type DbHandle } from "@/db/client";
import { jobs, schedules } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { log } from "@/server/lib/log";
import { createTestDb } from "@/test/db";
import { startInProcessWorker, stopInProcessWorker } from "./start-in-process-worker";

// What start-in-process-worker.test.ts does not pin (issue #6, mutation testing): the log line saying why
// the worker is off, a failed registration of the callback schedules, and that stopping stops the worker.
// WORKER_IN_PROCESS=auto is decided by the driver: each driver's side is tested by the run that uses it
// (npm test on PGlite, test:pg on PostgreSQL), so mutants of that condition are measured on both.

// Each test opens a database of its own inside the test (the handle is closed by stopInProcessWorker):
// allow for a slow PGlite clone on a loaded machine.
const SLOW = { timeout: 90_000 };

const g = globalThis as unknown as { __payopsWorker?: { id: string } };
const saved = process.env.WORKER_IN_PROCESS;

async function install(setting: string, handle: DbHandle): Promise<DbHandle> {
  process.env.WORKER_IN_PROCESS = setting;
  resetEnvCache();
  setDbHandle(handle);
  return handle;
}

afterEach(async () => {
  await stopInProcessWorker(1_000);
  vi.restoreAllMocks();
  process.env.WORKER_IN_PROCESS = saved;
  resetEnvCache();
});

describe("startInProcessWorker", SLOW, () => {
  it("says why it stays off: the setting and the driver", async () => {
    const info = vi.spyOn(log, "info");
    const handle = await install("false", await createTestDb());
    await startInProcessWorker();
    expect(g.__payopsWorker).toBeUndefined();
    expect(info).toHaveBeenCalledWith("in-process worker off", { driver: handle.driver, setting: "false" });
  });

  it("still starts the worker when the callback schedules cannot be registered, and warns", async () => {
    const warn = vi.spyOn(log, "warn");
    const handle = await install("true", await createTestDb());
    // Registering a schedule inserts into `schedules`; make the database refuse it.
    await handle.db.execute(
      sql.raw(`CREATE FUNCTION test_refuse_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'schedules are read-only in this test'; END $$`),
    );
    await handle.db.execute(sql.raw(`CREATE TRIGGER test_refuse_schedule BEFORE INSERT ON schedules FOR EACH ROW EXECUTE FUNCTION test_refuse_schedule()`));
    await startInProcessWorker();
    expect(g.__payopsWorker?.id).toMatch(/^in-process:/);
    const call = warn.mock.calls.find(([m]) => m === "portal schedules not registered");
    expect(call?.[1]).toMatchObject({ error: expect.any(Error) });
    expect((await handle.db.select().from(schedules)).length).toBe(0);
  });
});

describe("stopInProcessWorker", SLOW, () => {
  it("stops the running worker (it logs its stop) before closing the database", async () => {
    const info = vi.spyOn(log, "info");
    const handle = await install("true", await createTestDb());
    await startInProcessWorker();
    const id = g.__payopsWorker!.id;
    await stopInProcessWorker(5_000);
    expect(info).toHaveBeenCalledWith("worker stopped", { workerId: id });
    await expect(handle.db.select().from(jobs).limit(1)).rejects.toThrow();
  });
});
