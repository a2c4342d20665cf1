import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getEnv, type Env } from "@/server/env";
import { STRIPE_COLUMNS } from "@/server/recon/formats/stripe-statement";
import { StatementNotReadyError } from "../shared/bill";
import { type ProviderQueryError } from "../shared/provider-fetch";
import { stripeBill } from "./bill";
import { drainText, stubFetch, type SeenRequest } from "@/test/fetch-stub";
import { queryFailure } from "@/test/provider-errors";

// Stripe's Reports API stood in for by a fetch stub.

const API = "https://api.stripe.test";
const DATE = "2026-11-24";
const RUNS = `${API}/v1/reporting/report_runs`;
const FILE = `${API}/v1/files/file_frr_1/contents`;
const CSV = "balance_transaction_id,created_utc\ntxn_1,2026-11-24 01:00:00\n";

const SECRET_KEY = "sk_test_0123456789abcdefABCDEF";
let env: Env;
beforeAll(() => {
  env = { ...getEnv(), STRIPE_API_BASE_URL: API, STRIPE_SECRET_KEY: SECRET_KEY };
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const json = (status: number, doc: unknown) => new Response(JSON.stringify(doc), { status, headers: { "content-type": "application/json" } });
const run = (status: string | undefined, extra: Record<string, unknown> = {}) => ({ id: "frr_1", object: "reporting.report_run", report_type: "balance_change_from_activity.itemized.3", status, result: null, ...extra });
const succeeded = (result: Record<string, unknown> = { id: "file_frr_1", object: "file", filename: "frr_1.csv", url: FILE }) => run("succeeded", { result });

/** POST answers `created`; each GET of the run answers the next of `polls` (the last repeats); the file answers `file`. */
function stubStripe(created: () => Response, polls: (() => Response)[] = [], file: () => Response = () => new Response(CSV, { status: 200 })): SeenRequest[] {
  let n = 0;
  return stubFetch((req) => {
    if (req.url === RUNS) return created();
    if (req.url === `${RUNS}/frr_1`) return polls[Math.min(n++, polls.length - 1)]!();
    return file();
  });
}

describe("stripeBill.download", () => {
  it("creates the report run for the business day in UTC with the secret key, then GETs the result file with it", async () => {
    const seen = stubStripe(() => json(200, succeeded()));
    const { fileName, body } = await stripeBill.download(DATE, env);
    expect(await drainText(body)).toBe(CSV);
    expect(fileName).toBe("frr_1.csv");
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${RUNS}`, `GET ${FILE}`]);
    expect(seen[0]!.headers).toEqual({ authorization: `Bearer ${SECRET_KEY}`, accept: "application/json", "content-type": "application/x-www-form-urlencoded" });
    expect(seen[1]!.headers).toEqual({ authorization: `Bearer ${SECRET_KEY}` });
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get("report_type")).toBe("balance_change_from_activity.itemized.3");
    expect(form.get("parameters[interval_start]")).toBe(String(Date.parse("2026-11-23T16:00:00Z") / 1000));
    expect(form.get("parameters[interval_end]")).toBe(String(Date.parse("2026-11-24T16:00:00Z") / 1000));
    expect(form.get("parameters[timezone]")).toBe("Etc/UTC");
    expect(form.getAll("parameters[columns][]")).toEqual([...STRIPE_COLUMNS]);
  });

  it("the file name falls back to <report type>_<date>.csv when the result has none", async () => {
    stubStripe(() => json(200, succeeded({ id: "file_frr_1", object: "file", url: FILE })));
    expect((await stripeBill.download(DATE, env)).fileName).toBe(`balance_change_from_activity.itemized.3_${DATE}.csv`);
  });

  it("polls a pending run (GET with the key, JSON) until it succeeds", async () => {
    const seen = stubStripe(() => json(200, run("pending")), [() => json(200, run("pending")), () => json(200, succeeded())]);
    const { body } = await stripeBill.download(DATE, env);
    expect(await drainText(body)).toBe(CSV);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${RUNS}`, `GET ${RUNS}/frr_1`, `GET ${RUNS}/frr_1`, `GET ${FILE}`]);
    expect(seen[1]!.headers).toEqual({ authorization: `Bearer ${SECRET_KEY}`, accept: "application/json" });
  });

  it("without STRIPE_SECRET_KEY: not_configured, nothing asked", async () => {
    const seen = stubStripe(() => json(200, succeeded()));
    const e = await queryFailure(stripeBill.download(DATE, { ...env, STRIPE_SECRET_KEY: undefined }));
    expect([e.failure, e.message]).toEqual(["not_configured", "stripe not configured: STRIPE_SECRET_KEY unset"]);
    expect(seen).toEqual([]);
  });

  it("400 about data_available_end is a StatementNotReadyError", async () => {
    stubStripe(() => json(400, { error: { type: "invalid_request_error", message: "parameters[interval_end] must be less than or equal to data_available_end" } }));
    const e = await queryFailure(stripeBill.download(DATE, env));
    expect(e).toBeInstanceOf(StatementNotReadyError);
    expect(e.message).toBe(`no statement for ${DATE} yet: stripe says parameters[interval_end] must be less than or equal to data_available_end`);
  });

  it("any other failed creation is http_status with Stripe's error message", async () => {
    const cases: [number, unknown, string][] = [
      [400, { error: { type: "invalid_request_error", message: "unknown report_type" } }, "stripe report run answered HTTP 400 unknown report_type"],
      [500, { error: { type: "api_error", message: "data_available_end could not be computed" } }, "stripe report run answered HTTP 500 data_available_end could not be computed"],
      [401, { error: { type: "invalid_request_error" } }, "stripe report run answered HTTP 401"],
      [502, "<html>Bad Gateway</html>", "stripe report run answered HTTP 502"],
    ];
    for (const [status, doc, message] of cases) {
      stubStripe(() => (typeof doc === "string" ? new Response(doc, { status }) : json(status, doc)));
      const e = await queryFailure(stripeBill.download(DATE, env));
      expect(e).not.toBeInstanceOf(StatementNotReadyError);
      expect([e.failure, e.message, e.status]).toEqual(["http_status", message, status]);
    }
  });

  it("a 200 that is not a report run is unusable", async () => {
    const docs = [{ id: "frr_1", object: "file", status: "succeeded", result: { url: FILE } }, { object: "reporting.report_run", status: "succeeded", result: { url: FILE } }, []];
    for (const doc of docs) {
      const seen = stubStripe(() => json(200, doc));
      const e = await queryFailure(stripeBill.download(DATE, env));
      expect([e.failure, e.message], JSON.stringify(doc)).toEqual(["unusable", "stripe answer is not a report run"]);
      expect(seen).toHaveLength(1);
    }
  });

  it("a failed run is provider_error with Stripe's reason", async () => {
    stubStripe(() => json(200, run("failed", { error: "Report run failed due to an internal error." })));
    const e = await queryFailure(stripeBill.download(DATE, env));
    expect([e.failure, e.message]).toEqual(["provider_error", "stripe report run frr_1 failed: Report run failed due to an internal error."]);
    stubStripe(() => json(200, run("failed")));
    expect((await queryFailure(stripeBill.download(DATE, env))).message).toBe("stripe report run frr_1 failed: no reason given");
  });

  it("a run in an unknown status is unusable", async () => {
    stubStripe(() => json(200, run("canceled")));
    const e = await queryFailure(stripeBill.download(DATE, env));
    expect([e.failure, e.message]).toEqual(["unusable", "stripe report run frr_1 is canceled"]);
    stubStripe(() => json(200, run(undefined)));
    expect((await queryFailure(stripeBill.download(DATE, env))).message).toBe("stripe report run frr_1 is (no status)");
  });

  it("a poll answering other than 200 is http_status", async () => {
    stubStripe(() => json(200, run("pending")), [() => json(503, { error: { message: "try later" } })]);
    const e = await queryFailure(stripeBill.download(DATE, env));
    expect([e.failure, e.message, e.status]).toEqual(["http_status", "stripe report run frr_1 answered HTTP 503", 503]);
  });

  it("a poll answering for another run, or not JSON, is unusable", async () => {
    for (const answer of [() => json(200, { ...run("succeeded"), id: "frr_2" }), () => new Response("oops", { status: 200 })]) {
      stubStripe(() => json(200, run("pending")), [answer]);
      const e = await queryFailure(stripeBill.download(DATE, env));
      expect([e.failure, e.message]).toEqual(["unusable", "stripe answered for another report run than frr_1"]);
    }
  });

  it("a succeeded run without a result url is unusable", async () => {
    for (const doc of [run("succeeded"), succeeded({ id: "file_frr_1", filename: "x.csv" })]) {
      stubStripe(() => json(200, doc));
      const e = await queryFailure(stripeBill.download(DATE, env));
      expect([e.failure, e.message]).toEqual(["unusable", "stripe report run frr_1 succeeded without a result url"]);
    }
  });

  it("the file answering other than 200 is http_status with the first 200 characters of its text", async () => {
    const missing = JSON.stringify({ error: { type: "invalid_request_error", message: "No such file" } });
    stubStripe(() => json(200, succeeded()), [], () => new Response(missing, { status: 404 }));
    const e = await queryFailure(stripeBill.download(DATE, env));
    expect([e.failure, e.message, e.status]).toEqual(["http_status", `stripe report file answered HTTP 404 ${missing}`, 404]);
    stubStripe(() => json(200, succeeded()), [], () => new Response("z".repeat(201), { status: 500 }));
    expect((await queryFailure(stripeBill.download(DATE, env))).message).toBe(`stripe report file answered HTTP 500 ${"z".repeat(200)}`);
    stubStripe(() => json(200, succeeded()), [], () => new Response(null, { status: 403 }));
    expect((await queryFailure(stripeBill.download(DATE, env))).message).toBe("stripe report file answered HTTP 403");
  });

  describe("polling, on a fake clock", () => {
    const slowEnv = () => ({ ...env, PROVIDER_QUERY_TIMEOUT: 3_600_000 });
    const gets = (seen: SeenRequest[]) => seen.filter((r) => r.method === "GET").length;

    it("gives up after 34 polls (~5 min) with a StatementNotReadyError", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const seen = stubStripe(() => json(200, run("pending")), [() => json(200, run("pending"))]);
      let settled = false;
      const result = stripeBill.download(DATE, slowEnv()).then(
        () => undefined,
        (x: unknown) => x,
      );
      void result.then(() => (settled = true));
      for (let k = 0; k < 60 && !settled; k++) await vi.advanceTimersByTimeAsync(10_000);
      const e = (await result) as ProviderQueryError;
      expect(e).toBeInstanceOf(StatementNotReadyError);
      expect(e.message).toBe(`no statement for ${DATE} yet: stripe report run frr_1 still pending`);
      expect(gets(seen)).toBe(34);
    });

    it("a signal aborted while the run is created stops before the first wait", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const controller = new AbortController();
      const reason = new Error("stopped by the test");
      const seen = stubStripe(() => {
        controller.abort(reason);
        return json(200, run("pending"));
      }, [() => json(200, succeeded())]);
      let settled = false;
      const result = stripeBill.download(DATE, slowEnv(), controller.signal).then(
        () => undefined,
        (x: unknown) => x,
      );
      void result.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(true);
      expect(await result).toBe(reason);
      expect(gets(seen)).toBe(0);
    });

    it("a signal aborted during a wait stops it at once", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const controller = new AbortController();
      const reason = new Error("stopped by the test");
      const seen = stubStripe(() => json(200, run("pending")), [() => json(200, succeeded())]);
      let settled = false;
      const result = stripeBill.download(DATE, slowEnv(), controller.signal).then(
        () => undefined,
        (x: unknown) => x,
      );
      void result.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(100); // inside the first 250 ms wait
      expect(settled).toBe(false);
      controller.abort(reason);
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(true);
      expect(await result).toBe(reason);
      expect(gets(seen)).toBe(0);
    });

    it("each wait removes its abort listener from the caller's signal when it ends", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const signal = new AbortController().signal;
      const added = vi.spyOn(signal, "addEventListener");
      const removed = vi.spyOn(signal, "removeEventListener");
      stubStripe(() => json(200, run("pending")), [() => json(200, run("pending")), () => json(200, succeeded())]);
      const p = stripeBill.download(DATE, slowEnv(), signal);
      await vi.advanceTimersByTimeAsync(1_000);
      await drainText((await p).body);
      expect(added.mock.calls.length).toBeGreaterThan(0);
      for (const [type, listener] of added.mock.calls) expect(removed).toHaveBeenCalledWith(type, listener);
    });
  });
});
