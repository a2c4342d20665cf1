import { describe, expect, it } from "vitest";
import { withDeadline } from "./deadline";

const never = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

describe("withDeadline", () => {
  it("aborts work that outlives the deadline with a TimeoutError", async () => {
    const t0 = Date.now();
    const err = await withDeadline(50, undefined, never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe("TimeoutError");
    expect((err as DOMException).message).toMatch(/timeout \(50 ms\)/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
  });

  it("aborts with the parent's reason when the parent aborts first, and at once if it already has", async () => {
    const parent = new AbortController();
    const running = withDeadline(60_000, parent.signal, never).catch((e: unknown) => e);
    parent.abort(new Error("worker stopping"));
    expect(await running).toEqual(new Error("worker stopping"));

    const stopped = AbortSignal.abort(new Error("already stopped"));
    let sawAborted = false;
    await withDeadline(60_000, stopped, async (s) => {
      sawAborted = s.aborted;
    });
    expect(sawAborted).toBe(true);
  });

  it("returns the work's value and leaves no abort behind once it settled", async () => {
    let seen: AbortSignal | undefined;
    expect(await withDeadline(30, undefined, async (s) => ((seen = s), 42))).toBe(42);
    await new Promise((r) => setTimeout(r, 60));
    expect(seen!.aborted).toBe(false);
  });
});
