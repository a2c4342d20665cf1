import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { nodePgPoolOf, type Db } from "@/db/client";
import { statementImports, type StatementImportSource } from "@/db/schema";
import type { DiscrepancyType, Provider } from "@/lib/enums";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { getEnv, type Env } from "@/server/env";
import { ValidationError } from "@/server/lib/errors";
import { classifyImport } from "./classify-import";
import { parseFeeRates } from "./fee-rates";
import { parseStatementBatches } from "./formats/parse-statement";
import type { ParsedRecord, RowError, StatementFormat, StatementLine } from "./formats/types";
import { analyzeLinePartition, attachLinePartition, createLinePartition, dropLinePartition, linesOf, startLineKey } from "./line-partitions";
import { openLineSink } from "./load-lines";
import { runRepairRules } from "./run-repair-rules";
import { importTotals } from "./recon-report";

export interface ImportStatementInput {
  format: StatementFormat;
  body: AsyncIterable<Uint8Array>;
  fileName: string;
  /** YYYY-MM-DD; default: the business day most payment lines fall on. */
  businessDate?: string;
  source: StatementImportSource;
}

export interface ImportSummary {
  importId: number;
  provider: Provider;
  businessDate: string;
  outcome: "imported" | "unchanged" | "superseded";
  statementLines: number;
  matched: number;
  rowErrors: number;
  discrepancies: Partial<Record<DiscrepancyType, { count: number; amountMinor: number }>>;
  autoRepaired: number;
  open: number;
  durationMs: number;
}

export interface ImportOptions {
  env?: Env;
  now?: Date;
  onProgress?: (p: { lines: number; bytes: number }) => void;
  /** Lines per batch written to statement_lines (bounded memory; small batches die young, see read-csv MAX_BATCH). */
  batchSize?: number;
  /** statement_imports.progressLines is updated every this many lines. */
  progressEvery?: number;
  /** Run the auto-repair rules after matching (default); `{ openTickets: false }` only repairs (bench). */
  repair?: boolean | { openTickets: boolean };
  /** Filled in with where the time went, in ms (bench:recon prints it). */
  timings?: ImportTimings;
}

/**
 * Where an import's time goes. parse = reading, decoding and parsing the file (the parser's own time);
 * copy = building the lines' COPY rows and waiting for PostgreSQL to take them (backpressure) until the load
 * ends; index = the lines' statistics and their key (on node-postgres the key is only started here and built
 * during classify, on another connection);
 * classify = the transaction that switches the day and classifies; totals = the summary read back.
 */
export interface ImportTimings {
  parse: number;
  copy: number;
  index: number;
  classify: number;
  totals: number;
  /** The classification's steps (inside `classify`). */
  classifySteps?: Record<string, number>;
}

/** A statement that cannot be imported at all (not a row error: those are recorded and the file goes on). */
export class StatementImportError extends ValidationError {}

const MAX_ROW_ERRORS_KEPT = 200;
/** A 'processing' import older than this was killed mid-load: its lines are removed by the next import. */
const CRASHED_AFTER_MS = 60 * 60 * 1000;

/**
 * The one way a statement gets in — upload, CLI, scheduled pull and demo all call this. The lines are loaded
 * under a 'processing' import (never read by anyone), then ONE transaction switches the day to the new import
 * and classifies it: a crash leaves the old state or the new one, never a mix. Same file again → "unchanged".
 */
export async function importStatement(db: Db, input: ImportStatementInput, actor: Actor, opts: ImportOptions = {}): Promise<ImportSummary> {
  const env = opts.env ?? getEnv();
  const now = opts.now ?? new Date();
  const started = performance.now();
  const provider = input.format.provider;
  const batchSize = opts.batchSize ?? 256;
  const progressEvery = opts.progressEvery ?? 20_000;
  if (input.businessDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.businessDate)) {
    throw new StatementImportError(`date must be YYYY-MM-DD, got "${input.businessDate}"`);
  }

  await cleanUpCrashedImports(db, now);
  const [created] = await db
    .insert(statementImports)
    .values({
      provider,
      businessDate: input.businessDate ?? null,
      fileName: input.fileName,
      source: input.source,
      status: "processing",
      actorLabel: actor.label,
      actorId: actor.id,
      startedAt: now,
    })
    .returning({ id: statementImports.id });
  const importId = created!.id;

  const hash = createHash("sha256");
  let bytes = 0;
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of input.body) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      yield chunk;
    }
  }

  let lines = 0;
  /** The file's header row, cleaned: stored on the import, it reads the lines' text back into fields. */
  let rawHeader: readonly string[] | null = null;
  let payments = 0;
  let refunds = 0;
  let successfulPayments = 0;
  let rowErrorCount = 0;
  const rowErrors: RowError[] = [];
  const timings: ImportTimings = opts.timings ?? { parse: 0, copy: 0, index: 0, classify: 0, totals: 0 };
  let mark = performance.now();
  const lap = (phase: Exclude<keyof ImportTimings, "classifySteps">) => {
    const t = performance.now();
    timings[phase] += t - mark;
    mark = t;
  };
  let sink: Awaited<ReturnType<typeof openLineSink>> | undefined;
  let keyBuilt: Promise<void> | undefined;
  // Progress on the import row, for the page's progress bar: written beside the load, never awaited by it. The
  // COPY holds a pooled connection until the load ends; a load waiting for another (to write its progress)
  // hung with a pool of one, or with as many imports at once as the pool has connections. One write at a
  // time; the counts in between go with the next one.
  let progressWritten: Promise<void> | undefined;
  const writeProgress = () => {
    if (progressWritten) return;
    progressWritten = db
      .update(statementImports)
      .set({ progressLines: lines, sizeBytes: bytes })
      .where(eq(statementImports.id, importId))
      .then(
        () => undefined,
        () => undefined, // advisory: a lost progress write is not a failed import
      )
      .finally(() => (progressWritten = undefined));
  };
  try {
    await createLinePartition(db, importId);
    sink = await openLineSink(db, importId);
    let batch: StatementLine[] = [];
    let nextProgress = progressEvery;
    const records = parseStatementBatches(input.format, hashed())[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<ParsedRecord[]>;
      try {
        next = await records.next();
      } catch (e) {
        throw new StatementImportError(`cannot read the ${provider} statement: ${e instanceof Error ? e.message : String(e)}`);
      }
      lap("parse");
      if (next.done) break;
      for (const record of next.value) {
        if (!record.ok) {
          rowErrorCount++;
          if (rowErrors.length < MAX_ROW_ERRORS_KEPT) rowErrors.push(record.error);
          continue;
        }
        batch.push(record.line);
        rawHeader ??= record.line.raw.header.cells;
        lines++;
        if (record.line.kind === "payment") payments++;
        else refunds++;
        if (batch.length >= batchSize) {
          await sink.write(batch);
          batch = [];
          lap("copy");
        }
        if (lines >= nextProgress) {
          nextProgress += progressEvery;
          await sink.write(batch);
          batch = [];
          writeProgress();
          opts.onProgress?.({ lines, bytes });
          lap("copy");
        }
      }
      lap("parse");
    }
    await sink.write(batch);
    await sink.close();
    await progressWritten;
    successfulPayments = sink.successfulPayments;
    lap("copy");
    await analyzeLinePartition(db, importId);
    // The key's index: on node-postgres it is built on a connection of its own while the lines are
    // classified (which only reads them until it marks them, and waits for the key first); elsewhere before.
    keyBuilt = (await startLineKey(db, importId)).built;
    lap("index");
  } catch (e) {
    await sink?.abort().catch(() => undefined);
    await progressWritten;
    await failImport(db, importId, e);
    throw e;
  }
  opts.onProgress?.({ lines, bytes });
  const fileSha256 = hash.digest("hex");

  try {
    const businessDate = input.businessDate ?? (await majorityBusinessDate(db, importId, env.BUSINESS_TIMEZONE));
    if (!businessDate) throw new StatementImportError("the file has no payment lines: give the statement date (--date)");

    const switched = await db.transaction(async (tx) => {
      // Two imports of the same provider and day serialise here (the partial unique index is the last word).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`recon:${provider}:${businessDate}`}))`);
      const [current] = await tx
        .select()
        .from(statementImports)
        .where(and(eq(statementImports.provider, provider), eq(statementImports.businessDate, businessDate), eq(statementImports.status, "completed")))
        .for("update");
      if (current && current.fileSha256 === fileSha256) return { kind: "unchanged" as const, id: current.id };
      if (current) {
        await tx.update(statementImports).set({ status: "superseded", supersededById: importId }).where(eq(statementImports.id, current.id));
      }
      await tx
        .update(statementImports)
        .set({
          status: "completed",
          businessDate,
          fileSha256,
          sizeBytes: bytes,
          statementLines: payments,
          payments,
          refunds,
          rowErrorCount,
          rowErrors,
          progressLines: lines,
          format: input.format,
          rawHeader: rawHeader ? [...rawHeader] : null,
          completedAt: opts.now ?? new Date(),
        })
        .where(eq(statementImports.id, importId));
      await classifyImport(
        tx,
        {
          importId,
          provider,
          businessDate,
          previousImportId: current?.id ?? null,
          timeZone: env.BUSINESS_TIMEZONE,
          graceMs: env.RECON_GRACE,
          feeRate: parseFeeRates(env.RECON_FEE_RATES)[provider],
          feeToleranceMinor: env.RECON_FEE_TOLERANCE_MINOR,
          now,
          successfulPayments,
          linesKeyed: keyBuilt,
          parallelMatch: (await nodePgPoolOf(db)) !== undefined,
          steps: opts.timings ? (timings.classifySteps ??= {}) : undefined,
        },
        actor,
      );
      await attachLinePartition(tx, importId);
      await writeAudit(tx, actor, {
        action: current ? "recon.import.supersede" : "recon.import",
        entityType: "statement_import",
        entityId: String(importId),
        before: current ? { importId: current.id, fileSha256: current.fileSha256 } : undefined,
        after: { provider, businessDate, fileName: input.fileName, fileSha256, source: input.source, lines, rowErrorCount },
      });
      return { kind: "switched" as const, superseded: current?.id ?? null };
    });
    lap("classify");

    if (switched.kind === "unchanged") {
      await keyBuilt?.catch(() => undefined);
      await dropImport(db, importId);
      const totals = await importTotals(db, switched.id);
      return { ...totals, importId: switched.id, provider, businessDate, outcome: "unchanged", durationMs: Math.round(performance.now() - started) };
    }

    if (opts.repair !== false) {
      await runRepairRules(db, importId, actor, { env, now, openTickets: typeof opts.repair === "object" ? opts.repair.openTickets : true });
    }
    const totals = await importTotals(db, importId);
    lap("totals");
    return {
      ...totals,
      importId,
      provider,
      businessDate,
      outcome: switched.superseded === null ? "imported" : "superseded",
      durationMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    await keyBuilt?.catch(() => undefined);
    const [row] = await db.select({ status: statementImports.status }).from(statementImports).where(eq(statementImports.id, importId));
    if (row?.status === "processing") await failImport(db, importId, e);
    throw e;
  }
}

async function majorityBusinessDate(db: Db, importId: number, timeZone: string): Promise<string | null> {
  const rows = await db.execute<{ day: string }>(sql`
    select to_char((occurred_at at time zone ${timeZone})::date, 'YYYY-MM-DD') as day from ${linesOf(importId)}
    where import_id = ${importId} and kind = 'payment'
    group by 1 order by count(*) desc, 1 desc limit 1`);
  return (rows as unknown as { rows: { day: string }[] }).rows[0]?.day ?? null;
}

async function failImport(db: Db, importId: number, e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  await dropLinePartition(db, importId);
  await db.update(statementImports).set({ status: "failed", error: message.slice(0, 2_000) }).where(eq(statementImports.id, importId));
}

async function dropImport(db: Db, importId: number): Promise<void> {
  await dropLinePartition(db, importId);
  await db.delete(statementImports).where(eq(statementImports.id, importId));
}

/** Imports killed mid-load (process gone) stay 'processing' and are never read; this removes their lines. */
export async function cleanUpCrashedImports(db: Db, now: Date): Promise<number> {
  const stale = await db
    .select({ id: statementImports.id })
    .from(statementImports)
    .where(and(eq(statementImports.status, "processing"), lt(statementImports.startedAt, new Date(now.getTime() - CRASHED_AFTER_MS))));
  if (stale.length === 0) return 0;
  const ids = stale.map((s) => s.id);
  for (const id of ids) await dropLinePartition(db, id);
  await db
    .update(statementImports)
    .set({ status: "failed", error: "interrupted while loading (process stopped); nothing of it was applied" })
    .where(and(inArray(statementImports.id, ids), eq(statementImports.status, "processing")));
  return ids.length;
}
