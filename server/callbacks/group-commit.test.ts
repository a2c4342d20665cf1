import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callbackEvents } from "@/db/schema";
import { uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { GroupCommitter } from "./group-commit";
import { insertProviderMessages, type ProviderMessageInput } from "./record-provider-message";

const db = useTestDb();

describe("group commit of provider messages", () => {
  it("a batch in which one row fails does not lose the others", async () => {
    const marker = uniqueOrderNo("BATCH");
    const committer = new GroupCommitter<ProviderMessageInput, number>((items) => insertProviderMessages(db(), items), { maxBatch: 64, maxInFlight: 1 });
    const good = (i: number): ProviderMessageInput => ({ provider: "sandbox", source: "notify", headers: {}, body: `{"m":"${marker}","i":${i}}`, receivedAt: new Date() });
    // A currency of four letters does not fit char(3): the database refuses that row, and with it the batch.
    const bad: ProviderMessageInput = { ...good(99), notification: { eventId: "e", dedupeKey: "k", orderNo: marker, transactionId: null, state: "PAID", providerStatus: "SUCCESS", amountMinor: 1, currency: "XXXX", eventAt: null, paidAt: null, facts: {} } };
    const results = await Promise.allSettled([good(1), good(2), bad, good(3), good(4)].map((m) => committer.add(m)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const rows = await db().select().from(callbackEvents).where(sql`${callbackEvents.body} like ${"%" + marker + "%"}`);
    expect(rows).toHaveLength(4);
    const ids = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(rows.map((r) => r.id).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
  });
});
