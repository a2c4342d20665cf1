import "server-only";
import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import type { Db } from "@/db/client";
import { currencyExponent, isCurrencyCode, minorToMajorString } from "@/lib/money";
import type { Locale } from "@/lib/i18n/locale";
import { listDiscrepancies, type DiscrepancyFilters, type DiscrepancyListRow } from "./list-discrepancies";

// The discrepancy report (issue 11, "one-click export as CSV and XLSX"): exactly what the workbench list
// shows with the same filters, in the same order, read page by page so memory stays bounded however many
// rows match. Amounts in major units with the currency beside them, times in the business time zone.

const PAGE = 200;

const COLUMNS = [
  "id",
  "businessDate",
  "detectedAt",
  "provider",
  "type",
  "risk",
  "status",
  "orderNo",
  "providerTransactionId",
  "currency",
  "expected",
  "actual",
  "difference",
  "assignee",
  "repairRule",
  "graceUntil",
  "resolution",
] as const;
type Column = (typeof COLUMNS)[number];

const HEADERS: Record<Locale, Record<Column, string>> = {
  "zh-CN": {
    id: "编号",
    businessDate: "账单日",
    detectedAt: "发现时间",
    provider: "渠道",
    type: "差异类型",
    risk: "风险",
    status: "状态",
    orderNo: "商户订单号",
    providerTransactionId: "渠道交易号",
    currency: "币种",
    expected: "我方金额",
    actual: "渠道金额",
    difference: "差额",
    assignee: "处理人",
    repairRule: "自动修复规则",
    graceUntil: "宽限至",
    resolution: "处理说明",
  },
  en: {
    id: "ID",
    businessDate: "Statement day",
    detectedAt: "Detected at",
    provider: "Provider",
    type: "Type",
    risk: "Risk",
    status: "Status",
    orderNo: "Order no",
    providerTransactionId: "Provider transaction id",
    currency: "Currency",
    expected: "Our amount",
    actual: "Provider amount",
    difference: "Difference",
    assignee: "Assignee",
    repairRule: "Auto-repair rule",
    graceUntil: "Grace until",
    resolution: "Resolution",
  },
};

const AMOUNT_COLUMNS: readonly Column[] = ["expected", "actual", "difference"];

/** Every row of the list for these filters, in the list's order, a page at a time. */
export async function* discrepancyReportRows(db: Db, filters: DiscrepancyFilters): AsyncGenerator<DiscrepancyListRow> {
  let cursor: string | undefined;
  do {
    const page = await listDiscrepancies(db, { ...filters, cursor, limit: PAGE });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** "2026-11-25 14:03:07" in the business time zone (what the console shows). */
function zonedTime(at: Date | null, timeZone: string): string {
  if (!at) return "";
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(at);
}

function cells(d: DiscrepancyListRow, timeZone: string): Record<Column, string | number | null> {
  return {
    id: d.id,
    businessDate: d.businessDate ?? zonedTime(d.detectedAt, timeZone).slice(0, 10),
    detectedAt: zonedTime(d.detectedAt, timeZone),
    provider: d.provider,
    type: d.type,
    risk: d.risk,
    status: d.status,
    orderNo: d.orderNo ?? "",
    providerTransactionId: d.providerTransactionId ?? "",
    currency: d.currency ?? "",
    expected: d.expectedAmountMinor,
    actual: d.actualAmountMinor,
    difference: d.differenceMinor,
    assignee: d.assigneeEmail ?? "",
    repairRule: d.repairRule ?? "",
    graceUntil: zonedTime(d.graceUntil, timeZone),
    resolution: d.resolution ?? "",
  };
}

const knownCurrency = (c: string | null): c is string => c !== null && isCurrencyCode(c);

/** CSV, UTF-8 with a byte-order mark (so Excel opens Chinese text correctly), amounts as decimal strings of major units. */
export function discrepancyReportCsv(rows: AsyncIterable<DiscrepancyListRow>, opts: { locale: Locale; timeZone: string }): Readable {
  const header = COLUMNS.map((c) => HEADERS[opts.locale][c]);
  const csv = stringify({ header: true, columns: header, bom: true, record_delimiter: "\r\n" });
  const out = Readable.from(
    (async function* () {
      for await (const d of rows) {
        const row = cells(d, opts.timeZone);
        yield COLUMNS.map((c) => {
          const v = row[c];
          if (AMOUNT_COLUMNS.includes(c)) return v === null ? "" : knownCurrency(d.currency) ? minorToMajorString(v as number, d.currency) : String(v);
          return v ?? "";
        });
      }
    })(),
    { objectMode: true },
  );
  out.on("error", (e) => csv.destroy(e));
  return out.pipe(csv);
}

/** XLSX: a header row (frozen), amounts as numbers in major units with the currency's decimals, streamed. */
export function discrepancyReportXlsx(rows: AsyncIterable<DiscrepancyListRow>, opts: { locale: Locale; timeZone: string }): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(opts.locale === "zh-CN" ? "对账差异" : "Discrepancies", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: HEADERS[opts.locale][c], key: c, width: c === "providerTransactionId" || c === "orderNo" ? 28 : c.endsWith("At") || c === "graceUntil" ? 20 : 14 }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const d of rows) {
        const row = cells(d, opts.timeZone);
        const exp = knownCurrency(d.currency) ? currencyExponent(d.currency) : 0;
        for (const c of AMOUNT_COLUMNS) {
          const v = row[c];
          // Major units as a number: exact for any amount below 2^53 minor units divided by a power of ten.
          if (typeof v === "number") row[c] = knownCurrency(d.currency) ? Number(minorToMajorString(v, d.currency)) : v;
        }
        const added = sheet.addRow(row);
        const fmt = exp === 0 ? "#,##0" : `#,##0.${"0".repeat(exp)}`;
        for (const c of AMOUNT_COLUMNS) added.getCell(c).numFmt = fmt;
        added.commit();
      }
      sheet.commit();
      await book.commit();
    } catch (e) {
      out.destroy(e as Error);
    }
  })();
  return out;
}
