import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { checkTimestampedHmac } from "@/server/lib/timestamped-hmac";
import { fetchStream, hashing, StatementNotReadyError } from "../shared/bill";
import { ProviderQueryError } from "../shared/provider-fetch";
import type { BillAdapter } from "../types";
import { SANDBOX_SIGNATURE_HEADER, signSandboxPayload } from "./sign";
import { SANDBOX_TOLERANCE_SECONDS } from "./verify";

/**
 * The sandbox provider's answer to `GET /statements/{date}`: the statement CSV (or a JSON 404), signed like its
 * other answers (`Sandbox-Signature: t=…,v1=HMAC(secret, "<t>.<body>")`). Used by the simulator and the test fake.
 */
export function signSandboxStatement(secret: string, date: string, csv: Buffer | undefined, now: Date = new Date()): { status: number; headers: Record<string, string>; body: Buffer } {
  const body = csv ?? Buffer.from(JSON.stringify({ error: "not_found", date }), "utf8");
  const t = Math.floor(now.getTime() / 1000);
  // The HMAC is over the bytes; the header helper takes text, and a UTF-8 CSV round-trips through it exactly.
  const signature = signSandboxPayload(secret, body.toString("utf8"), t);
  return {
    status: csv ? 200 : 404,
    headers: {
      "content-type": csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      ...(csv ? { "content-disposition": `attachment; filename="sandbox_statement_${date}.csv"` } : {}),
      [SANDBOX_SIGNATURE_HEADER]: signature,
    },
    body,
  };
}

/** Parses `t=…,v1=…` once; the HMAC over the streamed body is compared when it ends. */
function parseHeader(header: string | undefined): { t: number; v1: string[] } | undefined {
  if (!header) return undefined;
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.split("=", 2).map((s) => s.trim());
    if (k === "t" && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === "v1" && v && /^[0-9a-fA-F]{64}$/.test(v)) v1.push(v);
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

/**
 * GET {SANDBOX_API_BASE_URL}/statements/{date}. The 404 is signed too (anything else on that port must not be
 * able to say "no statement"); the file's signature is checked as the body streams, before its end is handed on.
 */
export const sandboxBill: BillAdapter = {
  async download(date, env, signal) {
    const base = env.SANDBOX_API_BASE_URL.replace(/\/+$/, "");
    const res = await fetchStream(`${base}/statements/${encodeURIComponent(date)}`, { method: "GET", headers: { accept: "text/csv, application/json" } }, env, signal);
    const secret = env.SANDBOX_WEBHOOK_SECRET;
    const header = res.headers[SANDBOX_SIGNATURE_HEADER];
    if (res.status !== 200) {
      const text = await res.text();
      const check = checkTimestampedHmac({ header, headerName: SANDBOX_SIGNATURE_HEADER, body: text, secret, now: new Date(), toleranceSeconds: SANDBOX_TOLERANCE_SECONDS });
      if (!check.ok) throw new ProviderQueryError("untrusted", `sandbox statement answer not trusted (HTTP ${res.status}): ${check.reason}`, res.status);
      if (res.status === 404) throw new StatementNotReadyError(date, "the sandbox has no statement for that day");
      throw new ProviderQueryError("http_status", `sandbox statement answered HTTP ${res.status} ${text.slice(0, 200)}`.trim(), res.status);
    }
    const sig = parseHeader(header);
    if (!sig) throw new ProviderQueryError("untrusted", `sandbox statement has no valid ${SANDBOX_SIGNATURE_HEADER} header`);
    const age = Math.floor(Date.now() / 1000) - sig.t;
    if (Math.abs(age) > SANDBOX_TOLERANCE_SECONDS) throw new ProviderQueryError("untrusted", `sandbox statement signature timestamp ${age}s off (max ${SANDBOX_TOLERANCE_SECONDS}s)`);
    const hmac = createHmac("sha256", secret).update(`${sig.t}.`, "utf8");
    const body = hashing(res.body, hmac, (h) => {
      const expected = h.digest();
      if (!sig.v1.some((v) => timingSafeEqual(Buffer.from(v, "hex"), expected))) throw new ProviderQueryError("untrusted", "sandbox statement signature mismatch");
    });
    const disposition = /filename="?([^";]+)"?/i.exec(res.headers["content-disposition"] ?? "");
    return { fileName: disposition?.[1] ?? `sandbox_statement_${date}.csv`, body };
  },
};
