import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { insertOrders, pay, sandboxCsv } from "@/test/recon";
import { reconImportCli, reconReportCli } from "./recon-cli";

const getDb = useTestDb();
const dir = mkdtempSync(path.join(tmpdir(), "recon-cli-"));
const file = path.join(dir, "sandbox-20261124.csv");
const actor = { id: null, label: "cli:recon-import" };

beforeAll(async () => {
  await insertOrders(getDb(), [
    { orderNo: "CLI-1", amountMinor: 1_000, status: "PAID", ptid: "CLI-T1", paidAt: "2026-11-24T03:00:00Z" },
    { orderNo: "CLI-2", amountMinor: 2_000, status: "PAID", ptid: "CLI-T2", paidAt: "2026-11-24T03:00:00Z" },
  ]);
  writeFileSync(file, sandboxCsv([pay("CLI-T1", "CLI-1", 1_000, "2026-11-24T03:00:00Z"), pay("CLI-T2", "CLI-2", 2_500, "2026-11-24T03:00:00Z"), pay("CLI-X", null, 700, "2026-11-24T05:00:00Z")]));
});

describe("recon CLIs", () => {
  it("recon:import prints one line of JSON; recon:report prints the issue's shape with the same numbers", async () => {
    const r = await reconImportCli(getDb(), ["--provider", "sandbox", "--file", file, "--date", "2026-11-24"], actor);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(1);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ provider: "sandbox", businessDate: "2026-11-24", outcome: "imported", statementLines: 3, matched: 1 });

    const rep = await reconReportCli(getDb(), ["--provider", "sandbox", "--date", "2026-11-24", "--format", "json"]);
    expect(rep.code).toBe(0);
    const report = JSON.parse(rep.stdout);
    expect(Object.keys(report)).toEqual(["provider", "date", "statementLines", "matched", "discrepancies", "autoRepaired", "open"]);
    expect(report.statementLines).toBe(3);
    expect(report.matched).toBe(1);
    expect(report.discrepancies.amount_mismatch).toEqual({ count: 1, amountMinor: 500 });
    expect(report.discrepancies.missing_internal).toEqual({ count: 1, amountMinor: 700 });
    expect(report.discrepancies.status_mismatch).toEqual({ count: 0, amountMinor: 0 });
    expect(report.open + report.autoRepaired).toBe(2);

    const csv = await reconReportCli(getDb(), ["--provider", "sandbox", "--date", "2026-11-24", "--format", "csv"]);
    const rows = parse(csv.stdout, { comment: "#", columns: true }) as { item: string; count: string; amount_minor: string }[];
    expect(rows.find((x) => x.item === "missing_internal")).toEqual({ item: "missing_internal", count: "1", amount_minor: "700" });
    expect(rows.find((x) => x.item === "matched")!.count).toBe("1");

    const again = await reconImportCli(getDb(), ["--provider", "sandbox", "--file", file], actor);
    expect(JSON.parse(again.stdout).outcome).toBe("unchanged");
  });

  it("fails clearly with a non-zero exit", async () => {
    const missing = await reconImportCli(getDb(), ["--provider", "sandbox"], actor);
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toMatch(/--file is required/);
    const badProvider = await reconImportCli(getDb(), ["--provider", "paypal", "--file", file], actor);
    expect(badProvider.stderr).toMatch(/--provider must be one of/);
    const noFile = await reconImportCli(getDb(), ["--provider", "sandbox", "--file", path.join(dir, "nope.csv")], actor);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/ENOENT|no such file/);
    const garbage = path.join(dir, "garbage.csv");
    writeFileSync(garbage, "not,a,statement\n");
    const unreadable = await reconImportCli(getDb(), ["--provider", "sandbox", "--file", garbage, "--date", "2026-11-20"], actor);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/cannot read the sandbox statement/);
    const badDate = await reconReportCli(getDb(), ["--provider", "sandbox", "--date", "24/11/2026"]);
    expect(badDate.code).toBe(2);
    expect((await reconReportCli(getDb(), ["--provider", "sandbox", "--date", "2026-11-24", "--format", "xml"])).stderr).toMatch(/--format must be json or csv/);
  });
});
