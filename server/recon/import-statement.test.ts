import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, discrepancies, orders, refunds, statementImports, statementLines } from "@/db/schema";
import { rowsOf } from "@/server/lib/sql";
import { useTestDb } from "@/test/db";
import { chunked, importCsv, insertOrders, pay, sandboxCsv, testEnv } from "@/test/recon";
import { getDiscrepancyDetail } from "@/server/discrepancies/get-discrepancy-detail";
import { statementLineFields } from "./formats/parse-statement";
import type { StatementFormat } from "./formats/types";
import { createLinePartition, linePartitionName } from "./line-partitions";
import { reconReport } from "./recon-report";

const getDb = useTestDb();

// Statement day 2026-11-24 in Asia/Shanghai = 2026-11-23T16:00Z .. 2026-11-24T16:00Z.
const AT = "2026-11-24T03:00:00Z";

async function tableExists(name: string): Promise<boolean> {
  const [row] = rowsOf<{ present: boolean }>(await getDb().execute(sql`select to_regclass(${name}) is not null as present`));
  return row!.present;
}

beforeAll(async () => {
  await insertOrders(getDb(), [
    { orderNo: "R-ok", amountMinor: 10_000, status: "FULFILLED", ptid: "T-ok", paidAt: AT },
    { orderNo: "R-amount", amountMinor: 5_000, status: "PAID", ptid: "T-amount", paidAt: AT },
    { orderNo: "R-currency", amountMinor: 5_000, status: "PAID", ptid: "T-currency", paidAt: AT },
    { orderNo: "R-unpaid", amountMinor: 2_000, status: "CREATED" },
    { orderNo: "R-closed", amountMinor: 3_000, status: "CLOSED" },
    { orderNo: "R-dup", amountMinor: 4_000, status: "PAID", ptid: "T-dup", paidAt: AT },
    { orderNo: "R-missing", amountMinor: 7_000, status: "PAID", ptid: "T-missing", paidAt: AT },
    { orderNo: "R-fee", amountMinor: 10_000, status: "PAID", ptid: "T-fee", paidAt: AT },
    { orderNo: "R-late", amountMinor: 900, status: "PAID", ptid: "T-late", paidAt: "2026-11-24T15:55:00Z" },
    { orderNo: "R-other-day", amountMinor: 800, status: "PAID", ptid: "T-other", paidAt: "2026-11-22T03:00:00Z" },
  ]);
  const [order] = await getDb().select().from(orders).where(eq(orders.orderNo, "R-ok"));
  await getDb().insert(refunds).values({
    refundNo: "RF-1",
    orderId: order!.id,
    orderNo: "R-ok",
    provider: "sandbox",
    userId: "u-recon",
    kind: "refund",
    amountMinor: 3_000,
    currency: "CNY",
    reasonCode: "customer_request",
    status: "succeeded",
    requestedBy: "t",
    requestedByLabel: "t",
  });
  // A real-time finding the statement will confirm: it must stay ONE item.
  await getDb().insert(discrepancies).values({
    type: "amount_mismatch",
    risk: "high",
    provider: "sandbox",
    orderNo: "R-amount",
    providerTransactionId: "T-amount",
    ourFacts: {},
    providerFacts: {},
    source: "realtime",
    differenceMinor: 10,
  });
});

const day1Lines = [
  pay("T-ok", "R-ok", 10_000, AT),
  pay("T-amount", "R-amount", 4_990, AT),
  pay("T-currency", "R-currency", 5_000, AT, { currency: "USD" }),
  pay("T-unpaid", "R-unpaid", 2_000, AT),
  pay("T-closed", "R-closed", 3_000, AT),
  pay("T-dup", "R-dup", 4_000, AT),
  pay("T-dup-2", "R-dup", 4_000, AT),
  pay("T-unknown", "R-nope", 1_500, AT),
  pay("T-fee", "R-fee", 10_000, AT, { feeMinor: 62 }),
  pay("T-failed", "R-unpaid", 2_000, AT, { status: "failed" }),
  { ...pay("T-ok", "R-ok", 2_000, AT), kind: "refund" as const, refundNo: "RF-1", providerRefundId: "RF-1", feeMinor: null },
  { ...pay("T-ok", "R-ok", 500, AT), kind: "refund" as const, refundNo: "RF-x", providerRefundId: "RF-x", feeMinor: null },
];
const day1 = sandboxCsv(day1Lines, ["T-bad,R-bad,payment,success,12.3x,CNY,,2026-11-24T03:00:00Z,"]);

async function byTxn() {
  const rows = await getDb().select().from(discrepancies).where(eq(discrepancies.provider, "sandbox"));
  return Object.fromEntries(rows.map((r) => [`${r.providerTransactionId}:${r.type}`, r]));
}

describe("importStatement: classification", () => {
  it("finds each type once, against hand-written expectations", async () => {
    const summary = await importCsv(getDb(), day1, { date: "2026-11-24" });
    expect(summary.outcome).toBe("imported");
    expect(summary.statementLines).toBe(10); // payment lines (the failed one included), not refunds
    expect(summary.rowErrors).toBe(1);
    expect(summary.matched).toBe(2); // T-ok and T-dup (the order's own transaction) agree with our books
    expect(summary.discrepancies).toEqual({
      amount_mismatch: { count: 1, amountMinor: 10 },
      currency_mismatch: { count: 1, amountMinor: 5_000 },
      status_mismatch: { count: 1, amountMinor: 2_000 },
      paid_after_close: { count: 1, amountMinor: 3_000 },
      duplicate_payment: { count: 1, amountMinor: 4_000 },
      missing_internal: { count: 1, amountMinor: 1_500 },
      fee_mismatch: { count: 1, amountMinor: 2 },
      missing_at_provider: { count: 1, amountMinor: 7_000 },
      refund_mismatch: { count: 2, amountMinor: 1_000 + 500 },
    });
    const d = await byTxn();
    expect(d["T-dup-2:duplicate_payment"]!.orderNo).toBe("R-dup");
    expect(d["T-unknown:missing_internal"]!.orderNo).toBeNull();
    expect(d["T-unknown:missing_internal"]!.risk).toBe("high");
    expect(d["T-fee:fee_mismatch"]!.risk).toBe("medium"); // 2 > tolerance 1
    expect(d["T-unpaid:status_mismatch"]!.risk).toBe("medium");
    expect(d["T-missing:missing_at_provider"]!.status).toBe("open");
    // paid 23:55 business time, inside the 15-minute grace before the cut-off: waiting, not an exception
    expect(d["T-late:missing_at_provider"]!.status).toBe("waiting");
    expect(d["T-late:missing_at_provider"]!.graceUntil).not.toBeNull();
    expect(d["T-other:missing_at_provider"]).toBeUndefined();
    // the real-time finding is confirmed, not doubled; its source stays realtime
    const amount = d["T-amount:amount_mismatch"]!;
    expect(amount.source).toBe("realtime");
    expect(amount.statementImportId).toBe(summary.importId);
    expect(amount.businessDate).toBe("2026-11-24");
    const n = (await getDb().select().from(discrepancies).where(eq(discrepancies.providerTransactionId, "T-amount"))).length;
    expect(n).toBe(1);
    const lines = await getDb().select().from(statementLines).where(eq(statementLines.importId, summary.importId));
    expect(lines.find((l) => l.providerTransactionId === "T-failed")!.match).toBe("ignored");
    expect(lines.find((l) => l.providerTransactionId === "T-ok" && l.kind === "payment")!.match).toBe("matched");
    expect(lines.find((l) => l.providerTransactionId === "T-amount")!.match).toBe("discrepancy");
    const [imp] = await getDb().select().from(statementImports).where(eq(statementImports.id, summary.importId));
    expect(imp!.rowErrors).toHaveLength(1);
    expect(imp!.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    const audits = await getDb().select().from(auditLogs).where(and(eq(auditLogs.entityType, "statement_import"), eq(auditLogs.entityId, String(summary.importId))));
    expect(audits).toHaveLength(1);
  });

  it("reports the same numbers as the import (recon:report)", async () => {
    const report = await reconReport(getDb(), { provider: "sandbox", date: "2026-11-24" });
    expect(report.statementLines).toBe(10);
    expect(report.matched).toBe(2);
    expect(report.discrepancies.amount_mismatch).toEqual({ count: 1, amountMinor: 10 });
    expect(report.discrepancies.missing_at_provider).toEqual({ count: 1, amountMinor: 7_000 });
    // ten exceptions: the repair rules closed some (write-off of the 0.10 difference at least), the rest are open
    expect(report.autoRepaired).toBeGreaterThanOrEqual(1);
    expect(report.open + report.autoRepaired).toBe(10);
  });

  it("the same file again changes nothing", async () => {
    const before = await getDb().select().from(discrepancies);
    const imports = await getDb().select().from(statementImports);
    const again = await importCsv(getDb(), day1, { date: "2026-11-24", chunk: 7 });
    expect(again.outcome).toBe("unchanged");
    expect(await getDb().select().from(discrepancies)).toEqual(before);
    expect(await getDb().select().from(statementImports)).toEqual(imports);
  });

  it("a corrected file supersedes: what only the old file found closes, the rest moves to the new import", async () => {
    const corrected = sandboxCsv(day1Lines.map((l) => (l.providerTransactionId === "T-currency" ? { ...l, currency: "CNY" } : l)));
    const s = await importCsv(getDb(), corrected, { date: "2026-11-24" });
    expect(s.outcome).toBe("superseded");
    expect(s.discrepancies.currency_mismatch).toBeUndefined();
    const d = await byTxn();
    expect(d["T-currency:currency_mismatch"]!.status).toBe("ignored");
    expect(d["T-currency:currency_mismatch"]!.resolution).toMatch(/^superseded/);
    expect(d["T-unknown:missing_internal"]!.statementImportId).toBe(s.importId);
    const imps = await getDb().select().from(statementImports).where(eq(statementImports.businessDate, "2026-11-24"));
    expect(imps.map((i) => i.status).sort()).toEqual(["completed", "superseded"]);
    const report = await reconReport(getDb(), { provider: "sandbox", date: "2026-11-24" });
    expect(report.discrepancies.currency_mismatch.count).toBe(0);
    expect(report.matched).toBe(3);
  });

  it("grace: the next day's statement carries the late payment and closes it", async () => {
    const next = sandboxCsv([pay("T-late", "R-late", 900, "2026-11-24T16:05:00Z")]);
    const s = await importCsv(getDb(), next, { now: new Date("2026-11-26T02:00:00Z") });
    expect(s.businessDate).toBe("2026-11-25");
    const d = await byTxn();
    expect(d["T-late:missing_at_provider"]!.status).toBe("resolved");
    expect(d["T-late:missing_at_provider"]!.resolution).toMatch(/^carried/);
    expect(s.discrepancies).toEqual({});
    expect(s.matched).toBe(1);
  });

  it("an error mid-stream leaves the old state and no lines behind", async () => {
    const before = await getDb().select().from(discrepancies);
    async function* broken() {
      yield Buffer.from(sandboxCsv(day1Lines.slice(0, 4)));
      throw new Error("connection reset");
    }
    const { importStatement } = await import("./import-statement");
    const { systemActor } = await import("@/server/audit/write-audit");
    await expect(
      importStatement(getDb(), { format: { kind: "provider", provider: "sandbox" }, body: broken(), fileName: "x.csv", businessDate: "2026-11-24", source: "cli" }, systemActor("t"), {
        batchSize: 1,
      }),
    ).rejects.toThrow("connection reset");
    expect(await getDb().select().from(discrepancies)).toEqual(before);
    const failed = await getDb().select().from(statementImports).where(eq(statementImports.status, "failed"));
    expect(failed).toHaveLength(1);
    expect(await getDb().select().from(statementLines).where(eq(statementLines.importId, failed[0]!.id))).toHaveLength(0);
    expect(await tableExists(linePartitionName(failed[0]!.id))).toBe(false);
  });

  it("a killed import (left 'processing' with half its lines) is never read, then cleaned; nothing doubles or goes missing", async () => {
    const before = (await getDb().select().from(discrepancies)).map((d) => [d.id, d.status, d.statementImportId]);
    const [killed] = await getDb()
      .insert(statementImports)
      .values({ provider: "sandbox", businessDate: "2026-11-24", fileName: "killed.csv", source: "cli", status: "processing", actorLabel: "t", startedAt: new Date("2026-11-25T00:00:00Z") })
      .returning();
    // killed mid-load: its own table holds half the lines, not yet attached to statement_lines
    await createLinePartition(getDb(), killed!.id);
    await getDb().execute(sql`insert into ${sql.raw(linePartitionName(killed!.id))} (import_id, line_no, kind, provider_transaction_id, amount_minor, currency, occurred_at, status)
      values (${killed!.id}, 2, 'payment', 'T-unknown-2', 1, 'CNY', ${AT}, 'success')`);
    expect(await tableExists(linePartitionName(killed!.id))).toBe(true);
    expect(await reconReport(getDb(), { provider: "sandbox", date: "2026-11-24" })).toMatchObject({ statementLines: 10 });
    // the next import (an hour later) cleans it up; the same corrected file again is "unchanged"
    const corrected = sandboxCsv(day1Lines.map((l) => (l.providerTransactionId === "T-currency" ? { ...l, currency: "CNY" } : l)));
    const again = await importCsv(getDb(), corrected, { date: "2026-11-24", now: new Date("2026-11-26T03:00:00Z") });
    expect(again.outcome).toBe("unchanged");
    const [row] = await getDb().select().from(statementImports).where(eq(statementImports.id, killed!.id));
    expect(row!.status).toBe("failed");
    expect(await getDb().select().from(statementLines).where(eq(statementLines.importId, killed!.id))).toHaveLength(0);
    expect(await tableExists(linePartitionName(killed!.id))).toBe(false);
    expect((await getDb().select().from(discrepancies)).map((d) => [d.id, d.status, d.statementImportId])).toEqual(before);
  });
});

describe("importStatement: a payment just after midnight that yesterday's statement carried", () => {
  // Business day 2026-11-11 starts at 2026-11-10T16:00Z; the grace is 15 minutes (testEnv).
  it("is not missing at the provider (found by transaction id or by order no); one neither carried is", async () => {
    await insertOrders(getDb(), [
      { orderNo: "E-by-ptid", amountMinor: 100, status: "PAID", ptid: "T-E1", paidAt: "2026-11-10T16:05:00Z" },
      { orderNo: "E-by-no", amountMinor: 200, status: "PAID", ptid: "T-E2", paidAt: "2026-11-10T16:06:00Z" },
      { orderNo: "E-nowhere", amountMinor: 300, status: "PAID", ptid: "T-E3", paidAt: "2026-11-10T16:07:00Z" },
      { orderNo: "E-noon", amountMinor: 400, status: "PAID", ptid: "T-E4", paidAt: "2026-11-11T04:00:00Z" },
    ]);
    // The provider's cut-off put the first two into the 2026-11-10 file: one by its transaction id, one
    // under another transaction id with our order no.
    await importCsv(getDb(), sandboxCsv([pay("T-E1", "E-by-ptid", 100, "2026-11-10T15:59:00Z"), pay("T-E2-provider", "E-by-no", 200, "2026-11-10T15:59:30Z")]), {
      date: "2026-11-10",
      now: new Date("2026-11-12T02:00:00Z"),
    });
    const s = await importCsv(getDb(), sandboxCsv([pay("T-E4", "E-noon", 400, "2026-11-11T04:00:00Z")]), { date: "2026-11-11", now: new Date("2026-11-12T02:00:00Z") });
    expect(s.discrepancies.missing_at_provider).toEqual({ count: 1, amountMinor: 300 });
    const d = await byTxn();
    expect(d["T-E3:missing_at_provider"]!.orderNo).toBe("E-nowhere");
    expect(d["T-E1:missing_at_provider"]).toBeUndefined();
    expect(d["T-E2:missing_at_provider"]).toBeUndefined();
  });
});

describe("importStatement: lines whose order is not among the day's paid orders", () => {
  // Business day 2026-11-05 = 2026-11-04T16:00Z .. 2026-11-05T16:00Z. Most lines meet their order among the
  // orders paid that day; these do not, and must still be matched the same way.
  it("an order paid the day before matches by its transaction id alone; another transaction for an order of the day is a duplicate that carries it", async () => {
    await insertOrders(getDb(), [
      { orderNo: "F-before", amountMinor: 500, status: "PAID", ptid: "T-F1", paidAt: "2026-11-04T10:00:00Z" },
      { orderNo: "F-today", amountMinor: 600, status: "PAID", ptid: "T-F2", paidAt: "2026-11-05T03:00:00Z" },
    ]);
    const s = await importCsv(
      getDb(),
      // no order no on the first line (some exports leave it empty): only the transaction id finds F-before
      sandboxCsv([pay("T-F1", null, 500, "2026-11-05T01:00:00Z"), pay("T-F2-provider", "F-today", 600, "2026-11-05T03:00:00Z")]),
      { date: "2026-11-05", now: new Date("2026-11-06T02:00:00Z") },
    );
    expect(s.matched).toBe(1);
    expect(s.discrepancies).toEqual({ duplicate_payment: { count: 1, amountMinor: 600 } });
    const d = await byTxn();
    expect(d["T-F2-provider:duplicate_payment"]!.orderNo).toBe("F-today");
    expect(d["T-F1:missing_internal"]).toBeUndefined();
    expect(d["T-F2:missing_at_provider"]).toBeUndefined();
  });
});

describe("importStatement: carrying yesterday's late payment", () => {
  it("the next day's statement closes it by transaction id or, under another transaction id, by our order no", async () => {
    // Business day 2026-11-12 ends at 2026-11-12T16:00Z; paid in its last 15 minutes: waiting, not missing.
    await insertOrders(getDb(), [
      { orderNo: "C-by-ptid", amountMinor: 100, status: "PAID", ptid: "T-C1", paidAt: "2026-11-12T15:50:00Z" },
      { orderNo: "C-by-no", amountMinor: 200, status: "PAID", ptid: "T-C2", paidAt: "2026-11-12T15:51:00Z" },
      { orderNo: "C-never", amountMinor: 300, status: "PAID", ptid: "T-C3", paidAt: "2026-11-12T15:52:00Z" },
      { orderNo: "C-noon", amountMinor: 400, status: "PAID", ptid: "T-C4", paidAt: "2026-11-12T04:00:00Z" },
    ]);
    // the statement of the 12th, imported the next morning: the three late ones wait for the 13th's
    await importCsv(getDb(), sandboxCsv([pay("T-C4", "C-noon", 400, "2026-11-12T04:00:00Z")]), { date: "2026-11-12", now: new Date("2026-11-13T02:00:00Z") });
    const waiting = await byTxn();
    expect(["T-C1", "T-C2", "T-C3"].map((t) => waiting[`${t}:missing_at_provider`]?.status)).toEqual(["waiting", "waiting", "waiting"]);

    await importCsv(getDb(), sandboxCsv([pay("T-C1", "C-by-ptid", 100, "2026-11-12T16:01:00Z"), pay("T-C2-provider", "C-by-no", 200, "2026-11-12T16:02:00Z")]), {
      date: "2026-11-13",
      now: new Date("2026-11-13T10:00:00Z"),
    });
    const d = await byTxn();
    expect(d["T-C1:missing_at_provider"]).toMatchObject({ status: "resolved", resolution: expect.stringMatching(/^carried/) });
    expect(d["T-C2:missing_at_provider"]).toMatchObject({ status: "resolved", resolution: expect.stringMatching(/^carried/) });
    // not on the next day's statement either: an exception now
    expect(d["T-C3:missing_at_provider"]!.status).toBe("open");
  });
});

describe("importStatement: the lines as stored", () => {
  it("keeps every field exactly: quotes, commas, tabs, line breaks and backslashes survive the load (COPY on PostgreSQL)", async () => {
    const csv = [
      "transaction_id,order_no,type,status,amount,currency,fee,occurred_at,refund_no",
      'T-esc-1,"O\tTAB",payment,success,1.00,CNY,0.01,2026-11-20T03:00:00Z,',
      'T-esc\\2,"O ""q"", x",payment,success,2.00,CNY,,2026-11-20T03:00:00Z,',
      'T-esc-3,"line1\nline2\r\nline3",payment,success,3.00,CNY,0.02,2026-11-20T03:00:00Z,',
      'T-esc-4,"back\\\\slash\\tnot-a-tab",payment,success,4.00,CNY,0.02,2026-11-20T03:00:00Z,',
    ].join("\n");
    const summary = await importCsv(getDb(), `${csv}\n`, { date: "2026-11-20" });
    const lines = await storedLines(summary.importId);
    const raw = (ptid: string, orderNo: string, amount: string, fee: string) => ({
      transaction_id: ptid,
      order_no: orderNo,
      type: "payment",
      status: "success",
      amount,
      currency: "CNY",
      fee,
      occurred_at: "2026-11-20T03:00:00Z",
      refund_no: "",
    });
    expect(lines).toEqual([
      { lineNo: 2, ptid: "T-esc-1", orderNo: "O\tTAB", raw: raw("T-esc-1", "O\tTAB", "1.00", "0.01") },
      { lineNo: 3, ptid: "T-esc\\2", orderNo: 'O "q", x', raw: raw("T-esc\\2", 'O "q", x', "2.00", "") },
      { lineNo: 4, ptid: "T-esc-3", orderNo: "line1\nline2\r\nline3", raw: raw("T-esc-3", "line1\nline2\r\nline3", "3.00", "0.02") },
      // the record before spans lines 4–6
      { lineNo: 7, ptid: "T-esc-4", orderNo: "back\\\\slash\\tnot-a-tab", raw: raw("T-esc-4", "back\\\\slash\\tnot-a-tab", "4.00", "0.02") },
    ]);
    // what is stored is the record's text as the file has it, line breaks inside the quotes included
    const [stored] = await getDb().select({ rawText: statementLines.rawText, raw: statementLines.raw }).from(statementLines).where(and(eq(statementLines.importId, summary.importId), eq(statementLines.lineNo, 4)));
    expect(stored).toEqual({ rawText: 'T-esc-3,"line1\nline2\r\nline3",payment,success,3.00,CNY,0.02,2026-11-20T03:00:00Z,', raw: null });
    // the workbench's side-by-side view shows those fields (no order: the line is "missing internal")
    const [item] = await getDb().select({ id: discrepancies.id }).from(discrepancies).where(and(eq(discrepancies.providerTransactionId, "T-esc-3"), eq(discrepancies.type, "missing_internal")));
    const detail = await getDiscrepancyDetail(getDb(), item!.id);
    expect(detail.statementLine).toMatchObject({ lineNo: 4, raw: raw("T-esc-3", "line1\nline2\r\nline3", "3.00", "0.02") });
    expect(detail.statementLine).not.toHaveProperty("rawText");
  });

  it("an order paid with no transaction id of ours is still found missing at the provider (however the match is split)", async () => {
    await insertOrders(getDb(), [
      { orderNo: "R-no-ptid", amountMinor: 1_200, status: "PAID", paidAt: "2026-11-18T03:00:00Z" },
      { orderNo: "R-carried", amountMinor: 1_300, status: "PAID", ptid: "T-carried", paidAt: "2026-11-18T03:00:00Z" },
    ]);
    const summary = await importCsv(getDb(), sandboxCsv([pay("T-carried", "R-carried", 1_300, "2026-11-18T03:00:00Z")]), { date: "2026-11-18" });
    expect(summary.matched).toBe(1);
    expect(summary.discrepancies).toEqual({ missing_at_provider: { count: 1, amountMinor: 1_200 } });
    const found = await getDb().select({ orderNo: discrepancies.orderNo, ptid: discrepancies.providerTransactionId }).from(discrepancies).where(eq(discrepancies.statementImportId, summary.importId));
    expect(found).toEqual([{ orderNo: "R-no-ptid", ptid: "order:R-no-ptid" }]);
  });

  it("a NUL in a column we do not reconcile is kept as U+FFFD; the line and the file still load", async () => {
    const mapping = { columns: { providerTransactionId: "id", amount: "amount", occurredAt: "at", orderNo: "order" } };
    const csv = "id,order,amount,at,note\nT-nul,O-nul,1.00,2026-11-19 10:00:00,bad\u0000byte\nT-fine,O-fine,2.00,2026-11-19 11:00:00,ok\n";
    const { importStatement } = await import("./import-statement");
    const { systemActor } = await import("@/server/audit/write-audit");
    const summary = await importStatement(
      getDb(),
      { format: { kind: "mapping", provider: "sandbox", mapping }, body: chunked(csv), fileName: "nul.csv", businessDate: "2026-11-19", source: "cli" },
      systemActor("recon-test"),
      { env: testEnv(), now: new Date("2026-11-25T02:00:00Z") },
    );
    expect(summary.rowErrors).toBe(0);
    const lines = await storedLines(summary.importId);
    expect(lines.map((l) => [l.ptid, l.raw])).toEqual([
      ["T-nul", { id: "T-nul", order: "O-nul", amount: "1.00", at: "2026-11-19 10:00:00", note: "bad\uFFFDbyte" }],
      ["T-fine", { id: "T-fine", order: "O-fine", amount: "2.00", at: "2026-11-19 11:00:00", note: "ok" }],
    ]);
  });
});

/** An import's stored lines with their fields read back as the detail view reads them. */
async function storedLines(importId: number) {
  const [imp] = await getDb().select({ format: statementImports.format, rawHeader: statementImports.rawHeader }).from(statementImports).where(eq(statementImports.id, importId));
  const rows = await getDb()
    .select({ ptid: statementLines.providerTransactionId, orderNo: statementLines.orderNo, rawText: statementLines.rawText, lineNo: statementLines.lineNo })
    .from(statementLines)
    .where(eq(statementLines.importId, importId))
    .orderBy(statementLines.lineNo);
  return rows.map(({ rawText, ...l }) => ({ ...l, raw: statementLineFields(imp!.format as StatementFormat, imp!.rawHeader!, rawText!) }));
}
