import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import type { Db } from "@/db/client";
import { DISCREPANCY_TYPES, PROVIDERS, type Provider } from "@/lib/enums";
import type { Actor } from "@/server/audit/write-audit";
import { DomainError } from "@/server/lib/errors";
import type { StatementFormat } from "./formats/types";
import { importStatement } from "./import-statement";
import { reconReport } from "./recon-report";
import { getStatementMapping } from "./statement-mappings";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
class UsageError extends Error {}

function provider(value: string | undefined): Provider {
  if (!value) throw new UsageError("--provider is required");
  if (!(PROVIDERS as readonly string[]).includes(value)) throw new UsageError(`--provider must be one of ${PROVIDERS.join(", ")} (got "${value}")`);
  return value as Provider;
}

function day(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new UsageError("--date is required (YYYY-MM-DD)");
    return undefined;
  }
  if (!DAY.test(value)) throw new UsageError(`--date must be YYYY-MM-DD (got "${value}")`);
  return value;
}

async function guard(usage: string, fn: () => Promise<string>): Promise<CliResult> {
  try {
    return { code: 0, stdout: (await fn()) + "\n", stderr: "" };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: "", stderr: `${e.message}\nusage: ${usage}\n` };
    if (e instanceof DomainError) return { code: 1, stdout: "", stderr: `error: ${e.message}\n` };
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT" || err.code === "EISDIR" || err.code === "EACCES") return { code: 1, stdout: "", stderr: `error: ${err.message}\n` };
    return { code: 1, stdout: "", stderr: `error: ${err?.message ?? String(e)}\n` };
  }
}

const IMPORT_USAGE = "npm run recon:import -- --provider alipay --file bill.csv [--date 2026-11-24] [--mapping <id>]";

/** `npm run recon:import`: one line of JSON (the ImportSummary) or a clear error and a non-zero exit. */
export function reconImportCli(db: Db, argv: string[], actor: Actor): Promise<CliResult> {
  return guard(IMPORT_USAGE, async () => {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: { provider: { type: "string" }, file: { type: "string" }, date: { type: "string" }, mapping: { type: "string" } } }));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const p = provider(values.provider);
    if (!values.file) throw new UsageError("--file is required");
    const date = day(values.date, false);
    let format: StatementFormat = { kind: "provider", provider: p };
    if (values.mapping !== undefined) {
      const id = Number(values.mapping);
      if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`--mapping must be a saved mapping's id (got "${values.mapping}")`);
      const saved = await getStatementMapping(db, id);
      if (saved.provider !== p) throw new UsageError(`mapping ${id} is for ${saved.provider}, not ${p}`);
      format = { kind: "mapping", provider: p, mapping: saved.mapping };
    }
    const info = await stat(values.file);
    if (!info.isFile()) throw new UsageError(`--file ${values.file} is not a file`);
    const summary = await importStatement(db, { format, body: createReadStream(values.file), fileName: path.basename(values.file), businessDate: date, source: "cli" }, actor);
    return JSON.stringify(summary);
  });
}

const REPORT_USAGE = "npm run recon:report -- --provider alipay --date 2026-11-24 [--format json|csv]";

/** `npm run recon:report`: the JSON (or a CSV for people), the same numbers as the workbench. */
export function reconReportCli(db: Db, argv: string[]): Promise<CliResult> {
  return guard(REPORT_USAGE, async () => {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: { provider: { type: "string" }, date: { type: "string" }, format: { type: "string", default: "json" } } }));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const p = provider(values.provider);
    const date = day(values.date, true)!;
    if (values.format !== "json" && values.format !== "csv") throw new UsageError(`--format must be json or csv (got "${values.format}")`);
    const r = await reconReport(db, { provider: p, date });
    if (values.format === "json") return JSON.stringify(r);
    const rows: (string | number)[][] = [
      ["item", "count", "amount_minor"],
      ["statement_lines", r.statementLines, ""],
      ["matched", r.matched, ""],
      ...DISCREPANCY_TYPES.map((t) => [t, r.discrepancies[t].count, r.discrepancies[t].amountMinor]),
      ["auto_repaired", r.autoRepaired, ""],
      ["open", r.open, ""],
    ];
    return `# ${r.provider} ${r.date}\n` + stringify(rows).trimEnd();
  });
}
