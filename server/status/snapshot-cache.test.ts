import { describe, expect, it } from "vitest";
import { createSnapshotCache } from "./snapshot-cache";

/** A loader whose loads the test finishes by hand, counting them. */
function controlledLoader() {
  const pending: ((v: number) => void)[] = [];
  let loads = 0;
  return {
    load: () => {
      loads++;
      return new Promise<number>((resolve) => pending.push(resolve));
    },
    finish: async (v: number) => {
      pending.shift()!(v);
      await new Promise((r) => setImmediate(r));
    },
    get loads() {
      return loads;
    },
    get waiting() {
      return pending.length;
    },
  };
}

describe("status snapshot cache", () => {
  it("only the first read waits; later reads answer from memory and reload in the background, single-flight, at most every maxAge", async () => {
    let clock = 0;
    const loader = controlledLoader();
    const cache = createSnapshotCache({ load: loader.load, maxAgeMs: 5_000, now: () => clock });

    const first = [cache.get(), cache.get(), cache.get()];
    expect(loader.loads).toBe(1);
    await loader.finish(1);
    expect(await Promise.all(first)).toEqual([1, 1, 1]);

    clock = 4_999;
    expect(await cache.get()).toBe(1);
    expect(loader.loads).toBe(1);

    clock = 5_000;
    // Stale: answered at once with what is held, one reload started however many read.
    expect(await cache.get()).toBe(1);
    expect(await cache.get()).toBe(1);
    expect(loader.loads).toBe(2);
    await loader.finish(2);
    expect(await cache.get()).toBe(2);
    expect(loader.loads).toBe(2);
  });

  it("invalidate reloads at once, and once more if a load was already running (it may predate the change)", async () => {
    let clock = 0;
    const loader = controlledLoader();
    const cache = createSnapshotCache({ load: loader.load, maxAgeMs: 5_000, now: () => clock });

    // Nothing held, nobody reading: invalidate costs nothing (a worker process).
    await cache.invalidate();
    expect(loader.loads).toBe(0);

    const first = cache.get();
    await loader.finish(1);
    await first;
    clock = 1_000;
    const inv = cache.invalidate();
    expect(loader.loads).toBe(2);
    const inv2 = cache.invalidate();
    await loader.finish(2);
    await Promise.all([inv, inv2]);
    expect(await cache.get()).toBe(2);
    // The change committed during load 2: load 3 follows by itself.
    expect(loader.loads).toBe(3);
    await loader.finish(3);
    expect(await cache.get()).toBe(3);
    expect(loader.waiting).toBe(0);
  });

  it("a failed reload keeps the held value and is retried on a later read", async () => {
    let clock = 0;
    let fail = false;
    let loads = 0;
    const errors: unknown[] = [];
    const cache = createSnapshotCache({
      load: async () => {
        loads++;
        if (fail) throw new Error("db down");
        return loads;
      },
      maxAgeMs: 5_000,
      now: () => clock,
      onError: (e) => errors.push(e),
    });
    expect(await cache.get()).toBe(1);
    fail = true;
    clock = 6_000;
    expect(await cache.get()).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
    fail = false;
    expect(await cache.get()).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(await cache.get()).toBe(3);
  });
});
