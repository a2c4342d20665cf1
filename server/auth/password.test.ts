import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { RateLimitedError } from "@/server/lib/errors";
import { HASH_CONCURRENCY, HASH_QUEUE_MAX, hashingStats, resetHashingPeak, verifyPassword } from "./password";

// A cost-4 hash keeps the test fast; the cap does not depend on the cost.
const hash = bcrypt.hashSync("right-password", 4);

describe("verifyPassword", () => {
  it("still verifies existing bcrypt hashes", async () => {
    await expect(verifyPassword("right-password", hash)).resolves.toBe(true);
    await expect(verifyPassword("wrong-password", hash)).resolves.toBe(false);
  });

  it("runs at most HASH_CONCURRENCY checks at once and keeps the event loop turning during a burst", async () => {
    resetHashingPeak();
    let burstDone = false;
    const burst = Promise.all(Array.from({ length: 20 }, (_, i) => verifyPassword(i === 0 ? "right-password" : `guess-${i}`, hash))).then((r) => {
      burstDone = true;
      return r;
    });
    expect(hashingStats()).toMatchObject({ active: HASH_CONCURRENCY, queued: 20 - HASH_CONCURRENCY });
    // A timer queued after the burst started (think: a health check) runs before the burst is over.
    const tickedDuringBurst = await new Promise<boolean>((resolve) => setImmediate(() => resolve(!burstDone)));
    expect(tickedDuringBurst).toBe(true);
    const results = await burst;
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(hashingStats()).toEqual({ active: 0, queued: 0, peakActive: HASH_CONCURRENCY });
  });

  it("refuses at once, without hashing, once the queue is full", async () => {
    const total = HASH_CONCURRENCY + HASH_QUEUE_MAX + 5;
    const results = await Promise.allSettled(Array.from({ length: total }, () => verifyPassword("guess", hash)));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(5);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof RateLimitedError)).toBe(true);
    expect(hashingStats()).toMatchObject({ active: 0, queued: 0 });
  });
});
