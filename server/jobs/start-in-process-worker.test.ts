import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { setDbHandle, type DbHandle } from "@/db/client";
import { jobs } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { createTestDb } from "@/test/db";
import { jobRegistry } from "./registry";
import { startInProcessWorker, stopInProcessWorker } from "./start-in-process-worker";

// The worker `npm run dev`/`demo` start inside the Next.js process (instrumentation.ts). Each test opens
// its own database: stopInProcessWorker closes the process's handle, as it does on SIGTERM.

const g = globalThis as unknown as { __payopsWorker?: { id: string } };
const saved = process.env.WORKER_IN_PROCESS;

async function withSetting(setting: string): Promise<DbHandle> {
  process.env.WORKER_IN_PROCESS = setting;
  resetEnvCache();
  const handle = await createTestDb();
  setDbHandle(handle);
  return handle;
}

/** A job no handler knows: a running worker dead-letters it within a poll or two. */
async function probeJob(handle: DbHandle): Promise<number> {
  const [row] = await handle.db.insert(jobs).values({ type: "test.in-process.probe", payload: {}, maxAttempts: 1 }).returning({ id: jobs.id });
  return row!.id;
}

async function statusAfter(handle: DbHandle, id: number, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const [row] = await handle.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id));
    const settled = row!.status !== "pending" && row!.status !== "running";
    if (settled || Date.now() > deadline) return row!.status;
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(async () => {
  await stopInProcessWorker(1_000);
  process.env.WORKER_IN_PROCESS = saved;
  resetEnvCache();
});

describe("startInProcessWorker", () => {
  it("starts nothing when WORKER_IN_PROCESS=false", async () => {
    const handle = await withSetting("false");
    await startInProcessWorker();
    expect(g.__payopsWorker).toBeUndefined();
    const id = await probeJob(handle);
    expect(await statusAfter(handle, id, 300)).toBe("pending");
  });

  it("WORKER_IN_PROCESS=auto runs it on the embedded database only", async () => {
    const handle = await withSetting("auto");
    await startInProcessWorker();
    const id = await probeJob(handle);
    if (handle.driver === "pglite") {
      expect(g.__payopsWorker?.id).toMatch(/^in-process:/);
      expect(await statusAfter(handle, id, 15_000)).toBe("dead");
    } else {
      // A server database has `npm run worker` processes for this.
      expect(g.__payopsWorker).toBeUndefined();
      expect(await statusAfter(handle, id, 300)).toBe("pending");
    }
  });

  it("WORKER_IN_PROCESS=true runs it on any database, once per process", async () => {
    const handle = await withSetting("true");
    await startInProcessWorker();
    const first = g.__payopsWorker;
    expect(first?.id).toMatch(/^in-process:/);
    await startInProcessWorker();
    expect(g.__payopsWorker).toBe(first);
    const id = await probeJob(handle);
    expect(await statusAfter(handle, id, 15_000)).toBe("dead");
  });
});

describe("stopInProcessWorker", () => {
  it("stops the worker and closes the database handle", async () => {
    const handle = await withSetting("true");
    await startInProcessWorker();
    expect(g.__payopsWorker).toBeDefined();
    await stopInProcessWorker(5_000);
    expect(g.__payopsWorker).toBeUndefined();
    await expect(handle.db.select().from(jobs).limit(1)).rejects.toThrow();
  });
});

describe("jobRegistry", () => {
  it("maps each job type of the portal to its definition", () => {
    expect([...jobRegistry.keys()]).toEqual(expect.arrayContaining(["order.fulfil", "order.status-query"]));
    for (const [type, def] of jobRegistry) {
      expect(def.type).toBe(type);
      expect(typeof def.run).toBe("function");
      expect(Array.isArray(def.retrySchedule())).toBe(true);
    }
  });
});
