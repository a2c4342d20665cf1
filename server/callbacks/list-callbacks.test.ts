import { beforeAll, describe, expect, it } from "vitest";
import { callbackEvents } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { listCallbacks } from "./list-callbacks";

const getDb = useTestDb();
const now = new Date("2025-11-20T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

beforeAll(async () => {
  const row = (outcome: (typeof callbackEvents.$inferInsert)["outcome"], receivedAt: Date, orderNo: string | null = null) => ({
    provider: "sandbox" as const,
    headers: {},
    body: "{}",
    outcome,
    receivedAt,
    orderNo,
  });
  await getDb().insert(callbackEvents).values([
    row("applied", ago(500), "A"),
    row("duplicate", ago(400), "A"),
    row("unknown_order", ago(300), "X"),
    row("rejected", ago(250)),
    row("malformed", ago(200)),
    row("error", ago(150), "B"),
    row("received", ago(120), "C"), // stuck: older than a minute
    row("received", ago(5), "D"), // being processed right now
  ]);
});

describe("listCallbacks", () => {
  it("lists only problem callbacks, newest first, including ones stuck in received", async () => {
    const r = await listCallbacks(getDb(), { now });
    expect(r.items.map((c) => c.outcome)).toEqual(["received", "error", "malformed", "rejected", "unknown_order"]);
  });
  it("filters by kind", async () => {
    expect((await listCallbacks(getDb(), { kind: "stuck", now })).items.map((c) => c.orderNo)).toEqual(["C"]);
    expect((await listCallbacks(getDb(), { kind: "unknown_order", now })).items.map((c) => c.orderNo)).toEqual(["X"]);
  });
  it("pages by id", async () => {
    const first = await listCallbacks(getDb(), { now, limit: 3 });
    const second = await listCallbacks(getDb(), { now, limit: 3, cursor: first.nextCursor! });
    expect(first.items).toHaveLength(3);
    expect(second.items.map((c) => c.outcome)).toEqual(["rejected", "unknown_order"]);
    expect(second.nextCursor).toBeNull();
  });
});
