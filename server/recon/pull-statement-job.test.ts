import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, orders, statementImports } from "@/db/schema";
import { systemActor } from "@/server/audit/write-audit";
import type { Env } from "@/server/env";
import { jobRegistry } from "@/server/jobs/registry";
import { useTestDb } from "@/test/db";
import { startFakeProviders, type FakeProviders } from "@/test/fake-providers";
import { applyProviderTestEnv, createProviderTestKeys } from "@/test/provider-signers";
import { insertOrders, pay } from "@/test/recon";
import { writeStatement } from "./formats/write-statement";
import { enqueueDuePulls, pullStatement, pullableProviders } from "./pull-statement-job";

// The bill APIs are faked at their HTTP boundary (test/fake-providers: signed answers, Alipay's zip + GBK),
// and the real billAdapters download through them.
const getDb = useTestDb();
const keys = createProviderTestKeys();
let fake: FakeProviders;
let env: Env;
const NOW = new Date("2026-11-25T02:00:00Z");

beforeAll(async () => {
  fake = await startFakeProviders(keys);
  env = { ...applyProviderTestEnv(keys, { ...fake.baseUrls, PROVIDER_QUERY_TIMEOUT: "2s" }), RECON_FEE_RATES: "alipay:60,sandbox:60", BUSINESS_TIMEZONE: "Asia/Shanghai" };
  await insertOrders(getDb(), [{ orderNo: "PULL-1", amountMinor: 1_000, status: "PAID", ptid: "PULL-T1", paidAt: "2026-11-24T03:00:00Z" }]);
  await getDb().update(orders).set({ provider: "alipay" }).where(eq(orders.orderNo, "PULL-1"));
  fake.setStatement(
    "alipay",
    "2026-11-24",
    writeStatement("alipay", [pay("PULL-T1", "PULL-1", 1_000, "2026-11-24T03:00:00Z"), pay("PULL-T9", "SHOP-GHOST", 300, "2026-11-24T04:00:00Z")], { date: "2026-11-24", zip: true }),
  );
});
afterAll(() => fake.close());

describe("scheduled statement pull", () => {
  it("downloads the day's statement through the provider's bill API and imports it (source pull)", async () => {
    const s = await pullStatement(getDb(), { provider: "alipay", date: "2026-11-24" }, systemActor("recon-pull"), { env, now: NOW });
    expect(s).toMatchObject({ outcome: "imported", statementLines: 2, matched: 1, discrepancies: { missing_internal: { count: 1, amountMinor: 300 } } });
    const [imp] = await getDb().select().from(statementImports).where(eq(statementImports.id, s.importId));
    expect(imp).toMatchObject({ source: "pull", actorLabel: "system:recon-pull", status: "completed" });
    expect(imp!.fileName).toMatch(/\.csv\.zip$/);
    // not there yet at the provider: a clear error, nothing imported (the job runner retries)
    await expect(pullStatement(getDb(), { provider: "alipay", date: "2026-11-23" }, systemActor("recon-pull"), { env, now: NOW })).rejects.toThrow();
    // a day that has not ended is refused before any request
    await expect(pullStatement(getDb(), { provider: "alipay", date: "2026-11-25" }, systemActor("recon-pull"), { env, now: NOW })).rejects.toThrow(/yet/);
    expect((await getDb().select().from(statementImports).where(eq(statementImports.status, "completed"))).length).toBe(1);
  });

  it("enqueues one retried pull per pullable provider and day once the business clock passes RECON_PULL_AT", async () => {
    const e = { ...env, RECON_PULL_AT: "02:00" };
    expect(pullableProviders(e)).toEqual(["alipay", "wechatpay", "stripe", "sandbox"]);
    expect(pullableProviders({ ...e, ALIPAY_APP_ID: undefined, STRIPE_SECRET_KEY: undefined })).toEqual(["wechatpay", "sandbox"]);
    // 01:30 in Shanghai: too early
    expect(await enqueueDuePulls(getDb(), e, new Date("2026-11-25T17:30:00Z"))).toEqual({ enqueued: 0 });
    // 02:15 on 11-26 in Shanghai: 2026-11-25 is due for every provider
    expect(await enqueueDuePulls(getDb(), e, new Date("2026-11-25T18:15:00Z"))).toEqual({ enqueued: 4 });
    expect(await enqueueDuePulls(getDb(), e, new Date("2026-11-25T18:30:00Z"))).toEqual({ enqueued: 0 });
    const queued = await getDb().select().from(jobs).where(eq(jobs.type, "recon.pull"));
    expect(queued.map((j) => j.payload)).toContainEqual({ provider: "sandbox", date: "2026-11-25" });
    expect(queued[0]!.maxAttempts).toBeGreaterThan(1);
    expect(jobRegistry.has("recon.pull") && jobRegistry.has("recon.pull-due")).toBe(true);
    // 2026-11-24 is imported for alipay: only the other three are enqueued for that day
    expect(await enqueueDuePulls(getDb(), e, new Date("2026-11-24T18:15:00Z"))).toEqual({ enqueued: 3 });
  });
});
