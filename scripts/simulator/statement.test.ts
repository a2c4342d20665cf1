import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv, type Env } from "@/server/env";
import { billAdapters, StatementNotReadyError } from "@/server/providers";
import type { SandboxPayment } from "@/server/providers/sandbox/sign-answer";
import { parseStatement } from "@/server/recon/formats/parse-statement";
import { writeStatement } from "@/server/recon/formats/write-statement";
import { overrideEnv } from "@/test/override-env";
import { collectStatement, sampleStatementLines } from "@/test/statements";
import { startSandboxQueryServer, type SandboxQueryServer } from "./sandbox-query-server";
import { sandboxFee, simulatorStatementLines } from "./statement";

const SECRET = "sbx_statement_test_secret_0123456789";
const ledger = new Map<string, SandboxPayment>();
const at = (iso: string) => new Date(iso);
// 2026-11-24 in Beijing: 2026-11-23T16:00Z … 2026-11-24T16:00Z
for (const [orderNo, status, amountMinor, paidAt] of [
  ["SIM000001", "SUCCESS", 2_590, "2026-11-23T16:00:05Z"],
  ["SIM000002", "SUCCESS", 1_990, "2026-11-23T18:00:00Z"],
  ["SIM000003", "SUCCESS", 12_800, "2026-11-24T01:00:00Z"],
  ["SIM000004", "SUCCESS", 3_000, "2026-11-24T15:59:59Z"],
  ["SIM000005", "CLOSED", 3_000, "2026-11-24T03:00:00Z"],
  ["SIM000006", "SUCCESS", 4_500, "2026-11-24T16:00:00Z"], // next business day
] as const) {
  ledger.set(orderNo, { orderNo, transactionId: `SBX${orderNo}`, status, amountMinor, currency: "CNY", paidAt: at(paidAt) });
}

describe("the simulator's sandbox statement", () => {
  it("lists the day's charged payments with the four documented plants", () => {
    const lines = simulatorStatementLines(ledger, "2026-11-24")!;
    expect(lines.map((l) => [l.orderNo, l.amountMinor, l.feeMinor])).toEqual([
      ["SIM000001", 2_593, sandboxFee(2_590)], // 1: amount +3 fen
      // 2: SIM000002 left out
      ["SIM000003", 12_800, sandboxFee(12_800) + 20], // 3: fee +20 fen
      ["SIM000004", 3_000, sandboxFee(3_000)],
      ["GHOST202611240001", 4_990, sandboxFee(4_990)], // 4: an order we never created
    ]);
    expect(lines.at(-1)!.occurredAt.getTime()).toBeLessThan(Date.parse("2026-11-24T16:00:00Z"));
    expect(simulatorStatementLines(ledger, "2026-11-22")).toBeUndefined();
  });
});

describe("GET /statements/:date on the simulator's query server", () => {
  let server: SandboxQueryServer;
  let env: Env;
  let restore = () => {};
  const seeded = writeStatement("sandbox", sampleStatementLines("sandbox", 5), { date: "2026-11-23" });
  beforeAll(async () => {
    server = await startSandboxQueryServer({ secret: SECRET, port: 0, ledger, statements: new Map([["2026-11-23", seeded]]) });
    restore = overrideEnv({ SANDBOX_API_BASE_URL: server.baseUrl, SANDBOX_WEBHOOK_SECRET: SECRET });
    env = getEnv();
  });
  afterAll(async () => {
    restore();
    await server.close();
  });

  async function fetchDay(date: string) {
    const { body } = await billAdapters.sandbox.download(date, env);
    return collectStatement(parseStatement({ kind: "provider", provider: "sandbox" }, body));
  }

  it("serves the ledger's day through the signed bill API", async () => {
    const { lines, errors } = await fetchDay("2026-11-24");
    expect(errors).toEqual([]);
    expect(lines.map((l) => l.orderNo)).toEqual(["SIM000001", "SIM000003", "SIM000004", "GHOST202611240001"]);
  });

  it("serves a file given for its day (the demo's seeded yesterday) as given", async () => {
    const { lines } = await fetchDay("2026-11-23");
    expect(lines).toHaveLength(5);
  });

  it("a day it charged nothing is a signed 404: not ready", async () => {
    await expect(billAdapters.sandbox.download("2026-11-20", env)).rejects.toBeInstanceOf(StatementNotReadyError);
  });
});
