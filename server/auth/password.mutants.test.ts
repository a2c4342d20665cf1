import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { RateLimitedError } from "@/server/lib/errors";
import { HASH_CONCURRENCY, HASH_QUEUE_MAX, hashingStats, resetHashingPeak, verifyPassword } from "./password";

const hash = bcrypt.hashSync("right-password", 4);

describe("hashing slots", () => {
  it("resetHashingPeak brings the peak back to what is running now", async () => {
    await Promise.all([verifyPassword("a", hash), verifyPassword("b", hash)]);
    expect(hashingStats().peakActive).toBeGreaterThan(0);
    resetHashingPeak();
    expect(hashingStats()).toEqual({ active: 0, queued: 0, peakActive: 0 });
  });

  it("a refusal for a full queue says how long to wait, in message and details", async () => {
    const results = await Promise.allSettled(Array.from({ length: HASH_CONCURRENCY + HASH_QUEUE_MAX + 1 }, () => verifyPassword("guess", hash)));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as RateLimitedError);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(RateLimitedError);
    expect(refused[0]!.message).toBe("sign-in is busy, try again in 1 minutes");
    expect(refused[0]!.details).toEqual({ minutes: 1 });
  });
});
