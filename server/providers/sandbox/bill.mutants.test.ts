import { createHmac } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getEnv, type Env } from "@/server/env";
import { StatementNotReadyError } from "../shared/bill";
import { sandboxBill, signSandboxStatement } from "./bill";
import { drainText, stubFetch, type SeenRequest } from "@/test/fetch-stub";
import { queryFailure } from "@/test/provider-errors";

// The sandbox provider's statement endpoint stood in for by a fetch stub; signatures computed here by hand.

const BASE = "http://sandbox.test:4010/api";
const DATE = "2026-11-24";
const CSV = "order_no,amount\nORD-1,100\n";
const NOW = Date.parse("2026-11-25T02:00:00Z");
const NOW_S = NOW / 1000;

const secret = "sbx_0123456789abcdef0123456789abcdef";
let env: Env;
beforeAll(() => {
  env = { ...getEnv(), SANDBOX_API_BASE_URL: BASE, SANDBOX_WEBHOOK_SECRET: secret };
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const hmac = (t: number, body: string, key = secret) => createHmac("sha256", key).update(`${t}.${body}`, "utf8").digest("hex");

function serve(status: number, body: string, headers: Record<string, string>): SeenRequest[] {
  return stubFetch(() => new Response(body, { status, headers }));
}

/** A 200 with `sandbox-signature: <header>` (and optional extra headers) over CSV. */
const serveCsv = (header: string | undefined, extra: Record<string, string> = {}) => serve(200, CSV, { "content-type": "text/csv", ...(header === undefined ? {} : { "sandbox-signature": header }), ...extra });

function atNow() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
}

describe("signSandboxStatement", () => {
  it("a statement: 200, CSV headers with its file name, signed over the bytes", () => {
    const s = signSandboxStatement("sec", DATE, Buffer.from(CSV), new Date(NOW));
    expect(s.status).toBe(200);
    expect(s.headers).toEqual({
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="sandbox_statement_${DATE}.csv"`,
      "sandbox-signature": `t=${NOW_S},v1=${hmac(NOW_S, CSV, "sec")}`,
    });
    expect(s.body.toString("utf8")).toBe(CSV);
  });

  it("no statement: a signed JSON 404 naming the day", () => {
    const s = signSandboxStatement("sec", DATE, undefined, new Date(NOW + 999));
    const body = `{"error":"not_found","date":"${DATE}"}`;
    expect(s.status).toBe(404);
    expect(s.body.toString("utf8")).toBe(body);
    expect(s.headers).toEqual({ "content-type": "application/json; charset=utf-8", "sandbox-signature": `t=${NOW_S},v1=${hmac(NOW_S, body, "sec")}` });
  });
});

describe("sandboxBill.download", () => {
  it("GETs {base}/statements/{date} (trailing slashes of the base dropped) and streams the verified file", async () => {
    atNow();
    const seen = serveCsv(`t=${NOW_S},v1=${hmac(NOW_S, CSV)}`, { "content-disposition": 'attachment; filename="custom name.csv"' });
    const { fileName, body } = await sandboxBill.download(DATE, { ...env, SANDBOX_API_BASE_URL: `${BASE}//` });
    expect(fileName).toBe("custom name.csv");
    expect(await drainText(body)).toBe(CSV);
    expect(seen).toEqual([{ url: `${BASE}/statements/${DATE}`, method: "GET", headers: { accept: "text/csv, application/json" }, body: "" }]);
  });

  it("the file name: an unquoted filename=, else sandbox_statement_<date>.csv", async () => {
    atNow();
    const header = `t=${NOW_S},v1=${hmac(NOW_S, CSV)}`;
    serveCsv(header, { "content-disposition": "attachment; filename=plain.csv" });
    expect((await sandboxBill.download(DATE, env)).fileName).toBe("plain.csv");
    serveCsv(header);
    expect((await sandboxBill.download(DATE, env)).fileName).toBe(`sandbox_statement_${DATE}.csv`);
  });

  it("the header may have spaces, extra parts and several v1 (one of them right)", async () => {
    atNow();
    serveCsv(` t = ${NOW_S} , v0=abc, v1 = ${"0".repeat(64)} , v1=${hmac(NOW_S, CSV).toUpperCase()}`);
    expect(await drainText((await sandboxBill.download(DATE, env)).body)).toBe(CSV);
  });

  it("only a part named t sets the timestamp: a later numeric part of another name does not move it", async () => {
    atNow();
    serveCsv(`t=${NOW_S},v1=${hmac(NOW_S, CSV)},u=5`);
    expect(await drainText((await sandboxBill.download(DATE, env)).body)).toBe(CSV);
  });

  it("a signed 404 is a StatementNotReadyError", async () => {
    atNow();
    const s = signSandboxStatement(secret, DATE, undefined, new Date(NOW));
    serve(404, s.body.toString("utf8"), s.headers);
    const e = await queryFailure(sandboxBill.download(DATE, env));
    expect(e).toBeInstanceOf(StatementNotReadyError);
    expect(e.message).toBe(`no statement for ${DATE} yet: the sandbox has no statement for that day`);
  });

  it("an unsigned or badly signed non-200 is untrusted", async () => {
    atNow();
    serve(404, "not found", {});
    const e = await queryFailure(sandboxBill.download(DATE, env));
    expect([e.failure, e.message, e.status]).toEqual(["untrusted", "sandbox statement answer not trusted (HTTP 404): missing sandbox-signature header", 404]);
    serve(404, "not found", { "sandbox-signature": `t=${NOW_S},v1=${hmac(NOW_S, "not found", "other-secret")}` });
    expect((await queryFailure(sandboxBill.download(DATE, env))).message).toBe("sandbox statement answer not trusted (HTTP 404): signature mismatch");
  });

  it("a signed non-200 other than 404 is http_status with the first 200 characters of its text", async () => {
    atNow();
    const text = `{"error":"${"e".repeat(250)}"}`;
    serve(500, text, { "sandbox-signature": `t=${NOW_S},v1=${hmac(NOW_S, text)}` });
    const e = await queryFailure(sandboxBill.download(DATE, env));
    expect(e).not.toBeInstanceOf(StatementNotReadyError);
    expect([e.failure, e.message, e.status]).toEqual(["http_status", `sandbox statement answered HTTP 500 ${text.slice(0, 200)}`, 500]);
    serve(503, "", { "sandbox-signature": `t=${NOW_S},v1=${hmac(NOW_S, "")}` });
    const empty = await queryFailure(sandboxBill.download(DATE, env));
    expect([empty.message, empty.status]).toEqual(["sandbox statement answered HTTP 503", 503]);
  });

  it("a 200 without a well-formed t= and v1= is untrusted before any byte is handed on", async () => {
    atNow();
    const good = hmac(NOW_S, CSV);
    const headers = [
      undefined,
      "",
      `v1=${good}`, // no t
      `t=${NOW_S}`, // no v1
      `t=x${NOW_S},v1=${good}`,
      `t=${NOW_S}x,v1=${good}`,
      `t=${"1".repeat(13)},v1=${good}`, // more than 12 digits
      `t=,v1=${good}`,
      `t=${NOW_S},v1=${good}0`, // 65 hex digits
      `t=${NOW_S},v1=0${good}`,
      `t=${NOW_S},v1=${good.slice(0, 63)}g`,
      `t=${NOW_S},v1=zz`,
      `t=${NOW_S},v1=`,
      `t=${NOW_S},x1=${good}`,
      `${NOW_S},${good}`,
    ];
    for (const h of headers) {
      serveCsv(h);
      const e = await queryFailure(sandboxBill.download(DATE, env));
      expect([e.failure, e.message], String(h)).toEqual(["untrusted", "sandbox statement has no valid sandbox-signature header"]);
    }
  });

  it("the timestamp may be up to 300 s off either way, not more", async () => {
    atNow();
    for (const t of [NOW_S - 300, NOW_S + 300]) {
      serveCsv(`t=${t},v1=${hmac(t, CSV)}`);
      expect(await drainText((await sandboxBill.download(DATE, env)).body)).toBe(CSV);
    }
    serveCsv(`t=${NOW_S - 301},v1=${hmac(NOW_S - 301, CSV)}`);
    const old = await queryFailure(sandboxBill.download(DATE, env));
    expect([old.failure, old.message]).toEqual(["untrusted", "sandbox statement signature timestamp 301s off (max 300s)"]);
    serveCsv(`t=${NOW_S + 301},v1=${hmac(NOW_S + 301, CSV)}`);
    expect((await queryFailure(sandboxBill.download(DATE, env))).message).toBe("sandbox statement signature timestamp -301s off (max 300s)");
  });

  it("a file that does not match its signature fails as its body ends", async () => {
    atNow();
    serveCsv(`t=${NOW_S},v1=${hmac(NOW_S, `${CSV}ORD-2,5\n`)}`);
    const { body } = await sandboxBill.download(DATE, env);
    const e = await queryFailure(drainText(body));
    expect([e.failure, e.message]).toEqual(["untrusted", "sandbox statement signature mismatch"]);
  });
});
