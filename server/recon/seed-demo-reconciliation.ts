import "server-only";
import { and, asc, eq, gte, inArray, isNotNull, lt, notLike } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, statementImports, statementLines } from "@/db/schema";
import type { OrderStatus, Provider } from "@/lib/enums";
import { systemActor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import type { StatementLineInput } from "./formats/types";
import { statementFileName, writeStatement } from "./formats/write-statement";
import { importStatement, type ImportSummary } from "./import-statement";
import { previousDay } from "./pull-statement-job";

/** The business day of an instant ("YYYY-MM-DD" in `timeZone`). */
function businessDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The UTC instant of `hh:mm` local time on `day` in `timeZone` (two passes settle any offset). */
function localTime(day: string, hh: number, mm: number, timeZone: string): Date {
  const target = Date.parse(`${day}T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:00Z`);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(guess));
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    const shown = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
    guess += target - shown;
  }
  return new Date(guess);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const fee = (amountMinor: number) => Math.floor((amountMinor * 60 + 5_000) / 10_000);

/**
 * Demo and e2e: yesterday reconciled. Yesterday's sandbox orders (RECON-…) and the sandbox statement for that
 * day with planted differences, imported like the daily pull would (source "demo"), so the repair rules act on
 * what they may and the rest waits in the workbench:
 *   - RECON-…-03 paid 88.00, the provider says 80.00 → amount_mismatch (HIGH, a person decides)
 *   - RECON-…-05 paid twice (SBXR…05 and SBXR…05B) → duplicate_payment (HIGH; the rule refunds after re-querying)
 *   - SBXR…99 for an order we never registered → missing_internal (HIGH)
 *   - RECON-…-07 paid here, not in the file → missing_at_provider (MEDIUM)
 *   - RECON-…-09 still unpaid here, success in the file → status_mismatch (the apply_payment rule pays it)
 *   - RECON-…-11 fee 0.31 instead of 0.30 → fee_mismatch (LOW, within tolerance; written off)
 *   - RECON-…-13 paid 25.00, the provider says 24.95 → a 0.05 difference the write-off rule clears
 * Plus yesterday's Alipay file with three small (≤ 0.10) amount differences left OPEN for the e2e bulk
 * write-off (imported without running the rules: "Run rules now" or a person clears them).
 * Idempotent per day (RECON- order numbers are unique; the import of the same file is "unchanged").
 */
export async function seedDemoReconciliation(db: Db, now: Date): Promise<{ sandbox: ImportSummary; alipay: ImportSummary } | null> {
  const env = getEnv();
  const tz = env.BUSINESS_TIMEZONE;
  const day = previousDay(businessDay(now, tz));
  const ymd = day.replace(/-/g, "");
  const at = (i: number) => localTime(day, 9 + (i % 12), (i * 7) % 60, tz);
  const actor = systemActor("demo");

  type Row = { no: number; amountMinor: number; status: OrderStatus; provider: Provider; paid: boolean };
  const rows: Row[] = [];
  for (let i = 1; i <= 24; i++) {
    rows.push({ no: i, amountMinor: [1_200, 3_800, 8_800, 2_500, 6_600, 12_800][i % 6]!, status: i === 9 ? "CREATED" : i % 4 === 0 ? "FULFILLED" : "PAID", provider: "sandbox", paid: i !== 9 });
  }
  rows.find((r) => r.no === 3)!.amountMinor = 8_800;
  rows.find((r) => r.no === 13)!.amountMinor = 2_500;
  const sandboxNo = (i: number) => `RECON-${ymd}-${String(i).padStart(2, "0")}`;
  const sandboxTx = (i: number) => `SBXR${ymd}${String(i).padStart(2, "0")}`;
  const alipayNo = (i: number) => `RECON-ALI-${ymd}-${i}`;
  const alipayTx = (i: number) => `2026${ymd.slice(4)}22001${String(4_200 + i).padStart(7, "0")}`;
  const alipayOrders = [1, 2, 3, 4, 5, 6].map((i) => ({ i, amountMinor: [4_990, 12_900, 1_990, 29_900, 699, 8_800][i - 1]! }));

  const inserted = await db
    .insert(orders)
    .values([
      ...rows.map((r) => ({
        orderNo: sandboxNo(r.no),
        userId: `demo-user-${r.no}`,
        amountMinor: r.amountMinor,
        currency: "CNY",
        provider: r.provider,
        subject: "会员月卡 / Monthly membership",
        status: r.status,
        providerTransactionId: r.paid ? sandboxTx(r.no) : null,
        paidAt: r.paid ? at(r.no) : null,
        paidVia: r.paid ? ("notify" as const) : null,
        fulfilledAt: r.status === "FULFILLED" ? at(r.no) : null,
        createdAt: at(r.no),
      })),
      ...alipayOrders.map((o) => ({
        orderNo: alipayNo(o.i),
        userId: `demo-ali-${o.i}`,
        amountMinor: o.amountMinor,
        currency: "CNY",
        provider: "alipay" as const,
        subject: "游戏点券 / Game credits",
        status: "PAID" as const,
        providerTransactionId: alipayTx(o.i),
        paidAt: at(o.i + 3),
        paidVia: "notify" as const,
        createdAt: at(o.i + 3),
      })),
    ])
    .onConflictDoNothing()
    .returning({ orderNo: orders.orderNo });
  if (inserted.length === 0) return null;

  const lines: StatementLineInput[] = [];
  const line = (tx: string, orderNo: string | null, amountMinor: number, when: Date, feeMinor = fee(amountMinor)): StatementLineInput => ({
    kind: "payment",
    providerTransactionId: tx,
    orderNo,
    refundNo: null,
    providerRefundId: null,
    amountMinor,
    feeMinor,
    currency: "CNY",
    occurredAt: when,
    status: "success",
  });
  for (const r of rows) {
    if (r.no === 7) continue; // missing at the provider
    const amount = r.no === 3 ? 8_000 : r.no === 13 ? 2_495 : r.amountMinor;
    lines.push(line(sandboxTx(r.no), sandboxNo(r.no), amount, at(r.no), r.no === 11 ? fee(amount) + 1 : fee(amount)));
  }
  lines.push(line(`${sandboxTx(5)}B`, sandboxNo(5), rows.find((r) => r.no === 5)!.amountMinor, at(5)));
  // The rest of the demo's sandbox payments that day are on the statement as the provider took them: a real
  // day reconciles mostly clean, and only the planted lines above stand out.
  const dayStart = localTime(day, 0, 0, tz);
  const others = await db
    .select({ orderNo: orders.orderNo, tx: orders.providerTransactionId, amountMinor: orders.amountMinor, paidAt: orders.paidAt })
    .from(orders)
    .where(
      and(
        eq(orders.provider, "sandbox"),
        inArray(orders.status, ["PAID", "FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"]),
        isNotNull(orders.providerTransactionId),
        gte(orders.paidAt, dayStart),
        lt(orders.paidAt, new Date(dayStart.getTime() + 86_400_000)),
        notLike(orders.orderNo, "RECON-%"),
      ),
    );
  for (const o of others) lines.push(line(o.tx!, o.orderNo, o.amountMinor, o.paidAt!));
  lines.push(line(`SBXR${ymd}99`, `SHOP-${ymd}-GHOST`, 1_990, at(20)));

  const sandbox = await importStatement(
    db,
    { format: { kind: "provider", provider: "sandbox" }, body: once(writeStatement("sandbox", lines, { date: day })), fileName: statementFileName("sandbox", { date: day }), businessDate: day, source: "demo" },
    actor,
    { env, now },
  );

  // Alipay: three orders short by 0.03, 0.05 and 0.10 (rounding on the channel's side), the rest exact.
  const short: Record<number, number> = { 2: 3, 4: 5, 6: 10 };
  const aliLines = alipayOrders.map((o) => ({ ...line(alipayTx(o.i), alipayNo(o.i), o.amountMinor - (short[o.i] ?? 0), at(o.i + 3)) }));
  const alipay = await importStatement(
    db,
    {
      format: { kind: "provider", provider: "alipay" },
      body: once(writeStatement("alipay", aliLines, { date: day })),
      fileName: statementFileName("alipay", { date: day }),
      businessDate: day,
      source: "demo",
    },
    actor,
    { env, now, repair: false },
  );
  return { sandbox, alipay };
}

/**
 * The sandbox statements the demo imported (its completed sandbox imports of the last `days` business days),
 * rebuilt line for line from what was loaded, for the demo's simulator to serve at `GET /statements/:date`:
 * "Pull now" of a seeded day then fetches the very file that was imported and finds it unchanged, instead of
 * "not ready yet".
 */
export async function seededSandboxStatements(db: Db, now: Date, days = 3): Promise<Map<string, Buffer>> {
  const tz = getEnv().BUSINESS_TIMEZONE;
  let day = businessDay(now, tz);
  const dates: string[] = [];
  for (let i = 0; i < days; i++) dates.push((day = previousDay(day)));
  const imports = await db
    .select({ id: statementImports.id, date: statementImports.businessDate })
    .from(statementImports)
    .where(and(eq(statementImports.provider, "sandbox"), eq(statementImports.status, "completed"), inArray(statementImports.businessDate, dates)));
  const files = new Map<string, Buffer>();
  for (const imp of imports) {
    const rows = await db.select().from(statementLines).where(eq(statementLines.importId, imp.id)).orderBy(asc(statementLines.lineNo));
    const lines: StatementLineInput[] = rows.map((l) => ({
      kind: l.kind,
      providerTransactionId: l.providerTransactionId,
      orderNo: l.orderNo,
      refundNo: l.refundNo,
      providerRefundId: l.providerRefundId,
      amountMinor: l.amountMinor,
      feeMinor: l.feeMinor,
      currency: l.currency,
      occurredAt: l.occurredAt,
      status: l.status,
    }));
    files.set(imp.date!, writeStatement("sandbox", lines, { date: imp.date! }));
  }
  return files;
}
