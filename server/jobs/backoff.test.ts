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

  // Exact boundaries: which step an attempt number picks, and the two ends of the jitter window.
  it("picks step n for attempt n: the first step after attempt 1, the last exactly at and after the end", () => {
    const schedule = [100, 200, 300];
    const noJitter = () => 0.5;
    expect([1, 2, 3, 4, 5].map((a) => nextDelay(schedule, a, noJitter))).toEqual([100, 200, 300, 300, 300]);
    // A one-step schedule: every attempt waits that step.
    expect([1, 2].map((a) => nextDelay([700], a, noJitter))).toEqual([700, 700]);
  });
  it("spans exactly [0.8, 1.2] × step, symmetric around the step", () => {
    expect(nextDelay([1000], 1, () => 0)).toBe(800);
    expect(nextDelay([1000], 1, () => 0.25)).toBe(900);
    expect(nextDelay([1000], 1, () => 0.75)).toBe(1100);
    // Math.random() < 1: the top end is approached, never passed.
    expect(nextDelay([1000], 1, () => 0.999_999)).toBe(1200);
    for (let i = 0; i <= 100; i++) {
      const d = nextDelay([5000], 1, () => i / 100);
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(6000);
    }
  });
  it("rounds to whole milliseconds (half up) and never goes below zero", () => {
    // 3 × (1 + 0.2 × (2 × 0.625 − 1)) = 3.15 → 3; 10 × (1 + 0.2 × 0.25) = 10.5 → 11
    expect(nextDelay([3], 1, () => 0.625)).toBe(3);
    expect(nextDelay([10], 1, () => 0.625)).toBe(11);
    expect(Number.isInteger(nextDelay([333], 1, () => 0.123))).toBe(true);
    expect(nextDelay([0], 1, () => 0)).toBe(0);
    expect(nextDelay([0, 0], 2, () => 1)).toBe(0);
  });
  it("retries at once with an empty schedule, without consulting the random source", () => {
    let asked = 0;
    expect(
      nextDelay([], 1, () => {
        asked++;
        return 0;
      }),
    ).toBe(0);
    expect(nextDelay([], 7)).toBe(0);
    expect(asked).toBe(0);
  });
  it("uses Math.random by default, within the window", () => {
    for (let i = 0; i < 50; i++) {
      const d = nextDelay([1000], 1);
      expect(d).toBeGreaterThanOrEqual(800);
      expect(d).toBeLessThanOrEqual(1200);
    }
  });
});
