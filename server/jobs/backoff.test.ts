import { describe, expect, it } from "vitest";
import { nextDelay } from "./backoff";

describe("nextDelay", () => {
  it("follows the schedule with at most ±20% jitter", () => {
    const schedule = [1000, 5000, 60000];
    expect(nextDelay(schedule, 1, () => 0.5)).toBe(1000);
    expect(nextDelay(schedule, 2, () => 0)).toBe(4000);
    expect(nextDelay(schedule, 3, () => 1)).toBe(72000);
  });
  it("repeats the last step past the end of the schedule", () => {
    expect(nextDelay([10, 20], 9, () => 0.5)).toBe(20);
  });
});
