import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDbHandle, type DbHandle } from "@/db/client";
import { createTestDb } from "@/test/db";
import { publishNotice } from "./publish-notice";
import { getStatusSnapshot, refreshStatusSnapshot } from "./status-snapshot";

// Two databases in one file, as two test files in one worker (vitest isolate: false) see them in turn.
let a: DbHandle;
let b: DbHandle;
beforeAll(async () => {
  [a, b] = await Promise.all([createTestDb(), createTestDb()]);
});
afterAll(async () => {
  setDbHandle(undefined);
  await Promise.all([a.close(), b.close()]);
});

const ops = { id: "00000000-0000-4000-8000-000000000001", label: "ops@payops.local", role: "ops" as const };
const notice = {
  kind: "incident" as const,
  severity: "warning" as const,
  status: "investigating" as const,
  title: { "zh-CN": "支付延迟", en: "Payments delayed" },
  body: { "zh-CN": "支付宝支付目前较为繁忙。", en: "Alipay payments are busy." },
  components: [{ key: "alipay", state: "partial_outage" as const }],
};

describe("the status snapshot belongs to its database", () => {
  it("a snapshot read from one database never answers for another, and a refresh reloads the database it was given", async () => {
    setDbHandle(a);
    expect((await getStatusSnapshot()).active).toEqual([]);
    const { id } = await publishNotice(a.db, notice, ops);
    expect((await getStatusSnapshot()).active.map((n) => n.id)).toEqual([id]);

    // The handle changes (the next test file, a reconnect): its first read loads from it, not from memory.
    setDbHandle(b);
    expect((await getStatusSnapshot()).active).toEqual([]);

    // A refresh through A leaves B's snapshot alone, and A's snapshot is still A's.
    const second = await publishNotice(a.db, { ...notice, title: { "zh-CN": "二", en: "two" } }, ops);
    await refreshStatusSnapshot(a.db);
    expect((await getStatusSnapshot()).active).toEqual([]);
    setDbHandle(a);
    expect((await getStatusSnapshot()).active.map((n) => n.id).sort()).toEqual([id, second.id].sort());
  });
});
