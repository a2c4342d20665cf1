import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS, type Provider } from "@/lib/enums";
import type { Env } from "@/server/env";
import { parseStatement } from "@/server/recon/formats/parse-statement";
import { writeStatement } from "@/server/recon/formats/write-statement";
import { startFakeProviders, type FakeProviders } from "@/test/fake-providers";
import { applyProviderTestEnv, createProviderTestKeys } from "@/test/provider-signers";
import { collectStatement, sampleStatementLines, withoutPosition } from "@/test/statements";
import { billAdapters, ProviderQueryError, StatementNotReadyError } from "./index";

const keys = createProviderTestKeys();
let fake: FakeProviders;
let env: Env;

beforeAll(async () => {
  fake = await startFakeProviders(keys);
  env = applyProviderTestEnv(keys, { ...fake.baseUrls, PROVIDER_QUERY_TIMEOUT: "2s" });
});
afterAll(() => fake.close());

const DATE = "2026-11-24";
const fileFor = (provider: Provider, date = DATE) => writeStatement(provider, sampleStatementLines(provider, 15), { date, zip: provider === "alipay" });

async function drain(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of body) parts.push(c);
  return Buffer.concat(parts);
}

describe("billAdapters", () => {
  it("has one adapter per provider", () => {
    expect(Object.keys(billAdapters).sort()).toEqual([...PROVIDERS].sort());
  });

  for (const provider of PROVIDERS) {
    describe(provider, () => {
      it("downloads the day's statement through the signed bill API, byte for byte, and it parses", async () => {
        const bytes = fileFor(provider);
        fake.setStatement(provider, DATE, bytes);
        const before = fake.requests.length;
        const { fileName, body } = await billAdapters[provider].download(DATE, env);
        const got = await drain(body);
        expect(got.equals(bytes)).toBe(true);
        expect(fileName).toMatch(provider === "alipay" ? /\.csv\.zip$/ : /\.csv$/);
        // Every request reached the fake's real checks (request signatures, bearer key) and was answered 200.
        expect(fake.requests.slice(before).map((r) => r.status)).toEqual(fake.requests.slice(before).map(() => 200));
        const { lines, errors } = await collectStatement(parseStatement({ kind: "provider", provider }, (async function* () { yield got; })()));
        expect(errors).toEqual([]);
        expect(lines.map(withoutPosition)).toEqual(sampleStatementLines(provider, 15));
      });

      it("no statement for the day yet is a StatementNotReadyError naming the day", async () => {
        const e = await billAdapters[provider].download("2026-10-01", env).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(StatementNotReadyError);
        expect((e as Error).message).toContain("no statement for 2026-10-01 yet");
      });

      it("a 5xx is an error, not an empty statement", async () => {
        fake.setStatement(provider, DATE, fileFor(provider));
        fake.failNext(provider, 1);
        await expect(billAdapters[provider].download(DATE, env)).rejects.toBeInstanceOf(ProviderQueryError);
      });
    });
  }

  it("alipay, wechatpay, sandbox: an answer whose signature does not verify is untrusted", async () => {
    for (const provider of ["alipay", "wechatpay", "sandbox"] as const) {
      fake.setStatement(provider, DATE, fileFor(provider));
      fake.tamperNext(provider, 1);
      const e = await billAdapters[provider]
        .download(DATE, env)
        .then((r) => drain(r.body))
        .catch((x: unknown) => x);
      expect(e, provider).toBeInstanceOf(ProviderQueryError);
      expect((e as ProviderQueryError).failure, provider).toBe("untrusted");
    }
  });

  it("wechatpay: a file whose SHA1 differs from hash_value fails as its body ends", async () => {
    const bytes = fileFor("wechatpay");
    const altered = Buffer.from(bytes.toString("utf8").replace("`SUCCESS", "`REFUND"), "utf8");
    fake.setStatement("wechatpay", DATE, bytes, altered);
    const { body } = await billAdapters.wechatpay.download(DATE, env);
    await expect(drain(body)).rejects.toThrow(/SHA1 .* does not match hash_value/);
  });

  it("sandbox: a file altered after signing fails as its body ends", async () => {
    const bytes = fileFor("sandbox");
    fake.setStatement("sandbox", DATE, bytes, Buffer.from(bytes.toString("utf8").replace("SUCCESS", "SUCCES5")));
    const { body } = await billAdapters.sandbox.download(DATE, env);
    await expect(drain(body)).rejects.toThrow(/signature mismatch/);
  });

  it("stripe: asks for the business day in UTC with our columns and polls the run until it succeeds", async () => {
    fake.setStatement("stripe", DATE, fileFor("stripe"));
    fake.bills.stripePendingPolls = 2;
    const before = fake.requests.length;
    await drain((await billAdapters.stripe.download(DATE, env)).body);
    fake.bills.stripePendingPolls = 1;
    const reqs = fake.requests.slice(before);
    expect(reqs.map((r) => `${r.method} ${r.url.replace(/frr_\d+|file_frr_\d+/g, "<id>")}`)).toEqual([
      "POST /v1/reporting/report_runs",
      "GET /v1/reporting/report_runs/<id>",
      "GET /v1/reporting/report_runs/<id>",
      "GET /v1/files/<id>/contents",
    ]);
    const form = new URLSearchParams(reqs[0]!.body);
    // 2026-11-24 in Asia/Shanghai = 2026-11-23T16:00Z … 2026-11-24T16:00Z
    expect(form.get("parameters[interval_start]")).toBe(String(Date.parse("2026-11-23T16:00:00Z") / 1000));
    expect(form.get("parameters[interval_end]")).toBe(String(Date.parse("2026-11-24T16:00:00Z") / 1000));
  });

  it("stripe: the caller's signal stops the polling", async () => {
    fake.setStatement("stripe", DATE, fileFor("stripe"));
    fake.bills.stripePendingPolls = 1_000;
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stopped by the test")), 400);
    await expect(billAdapters.stripe.download(DATE, env, controller.signal)).rejects.toThrow(/stopped by the test/);
    fake.bills.stripePendingPolls = 1;
  });
});
