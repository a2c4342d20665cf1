// No "server-only": test fixtures, the simulator, the demo seed, the bench and Playwright specs write statements.
import { Zip, ZipDeflate } from "fflate";
import iconv from "iconv-lite";
import type { Provider } from "@/lib/enums";
import { minorToMajorString } from "@/lib/money";
import { formatBeijing, formatUtc } from "./statement-time";
import type { StatementLineInput } from "./types";

export interface WriteStatementOptions {
  /** The statement's business day, "2026-11-24". */
  date: string;
  /** Alipay only: the zip as downloaded (detail + 汇总 entries) instead of the bare 业务明细 CSV. */
  zip?: boolean;
  /** Alipay account shown in the `#账号` line and the file names (16-digit PID + "0156"). */
  alipayAccount?: string;
}

const ALIPAY_ACCOUNT = "20881234567890120156";
const WECHAT_APPID = "wxd678efh567hg6787";
const WECHAT_MCHID = "1900000109";

const ymd = (date: string) => date.replace(/-/g, "");
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const cn = (date: string) => `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;
const major = (minor: number, currency: string) => minorToMajorString(minor, currency);

/** The name a provider gives the file (Alipay: the zip or its 业务明细 entry). */
export function statementFileName(provider: Provider, opts: WriteStatementOptions): string {
  const account = opts.alipayAccount ?? ALIPAY_ACCOUNT;
  if (provider === "alipay") return opts.zip ? `${account}_${ymd(opts.date)}.csv.zip` : `${account}_${ymd(opts.date)}_业务明细.csv`;
  if (provider === "wechatpay") return `${WECHAT_MCHID}_tradebill_ALL_${opts.date}.csv`;
  if (provider === "stripe") return `balance_change_from_activity_itemized_${opts.date}.csv`;
  return `sandbox_statement_${opts.date}.csv`;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function checkLine(line: StatementLineInput): void {
  if (!Number.isSafeInteger(line.amountMinor) || line.amountMinor < 0) throw new RangeError(`amountMinor must be a non-negative integer: ${line.amountMinor}`);
  if (Number.isNaN(line.occurredAt.getTime())) throw new RangeError("occurredAt is not a time");
}

// ---- Alipay 业务明细 (providers.md §6.1.1, §7.4) ----------------------------------------------------

const ALIPAY_START = `#${"-".repeat(41)}业务明细列表${"-".repeat(40)}`;
const ALIPAY_END = `#${"-".repeat(41)}业务明细列表结束${"-".repeat(36)}`;
const ALIPAY_HEADER_LINE =
  "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";

interface Totals {
  payments: number;
  refunds: number;
  paid: number;
  refunded: number;
  fees: number;
}

function alipayTitle(title: string, opts: WriteStatementOptions): string[] {
  return [`#${title}`, `#账号：[${opts.alipayAccount ?? ALIPAY_ACCOUNT}]`, `#起始日期：[${cn(opts.date)} 00:00:00]   终止日期：[${cn(nextDay(opts.date))} 00:00:00]`];
}

const exportedAt = (opts: WriteStatementOptions) => `#导出时间：[${cn(nextDay(opts.date))} 10:12:44]`;

function* alipayDetail(lines: Iterable<StatementLineInput>, opts: WriteStatementOptions, totals: Totals): Generator<string> {
  yield* alipayTitle("支付宝业务明细查询", opts);
  yield ALIPAY_START;
  yield ALIPAY_HEADER_LINE;
  for (const l of lines) {
    checkLine(l);
    const refund = l.kind === "refund";
    const amount = major(refund ? -l.amountMinor : l.amountMinor, "CNY");
    // Fees: negative when charged, positive when a refund gives some back (the merchant export's convention).
    const fee = major(-(l.feeMinor ?? 0), "CNY");
    const at = formatBeijing(l.occurredAt);
    const t = "\t";
    if (refund) {
      totals.refunds++;
      totals.refunded += l.amountMinor;
    } else {
      totals.payments++;
      totals.paid += l.amountMinor;
    }
    totals.fees += l.feeMinor ?? 0;
    yield [
      l.providerTransactionId + t, (l.orderNo ?? "") + t, (refund ? "退款" : "交易") + t, "商品订单", at, at, t, t, t, t, `*明(138****1234)${t}`,
      amount, amount, "0.00", "0.00", "0.00", "0.00", "0.00", "", `0.00${t}`, "0.00", (refund ? (l.refundNo ?? "") : "") + t, fee, "0.00", "",
    ].join(",");
  }
  yield ALIPAY_END;
  yield `#交易合计：${totals.payments}笔，商家实收共${major(totals.paid, "CNY")}元，商家优惠共0.00元`;
  yield `#退款合计：${totals.refunds}笔，商家实收退款共${major(-totals.refunded, "CNY")}元，商家优惠退款共0.00元`;
  yield exportedAt(opts);
}

function* alipaySummary(opts: WriteStatementOptions, totals: Totals): Generator<string> {
  const net = major(totals.paid - totals.refunded, "CNY");
  const fee = major(-totals.fees, "CNY");
  const realised = major(totals.paid - totals.refunded - totals.fees, "CNY");
  const row = `${totals.payments},${totals.refunds},${net},${net},0.00,0.00,0.00,${fee},0.00,${realised}`;
  yield* alipayTitle("支付宝业务汇总查询", opts);
  yield `#${"-".repeat(41)}业务汇总列表${"-".repeat(40)}`;
  yield "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）";
  yield `,,${row}`;
  yield `合计,,${row}`;
  yield `#${"-".repeat(40)}业务汇总列表结束${"-".repeat(37)}`;
  yield exportedAt(opts);
}

// ---- WeChat Pay 交易账单 ALL (providers.md §6.2, §7.5) --------------------------------------------

const WECHAT_HEADER_LINE =
  "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";

function* wechatpay(lines: Iterable<StatementLineInput>): Generator<string> {
  yield WECHAT_HEADER_LINE;
  let count = 0;
  let paid = 0;
  let refunded = 0;
  let fees = 0;
  for (const l of lines) {
    checkLine(l);
    const c = l.currency;
    const refund = l.kind === "refund";
    const amount = major(l.amountMinor, c);
    // 手续费: yuan "rounded to 2 decimals, padded with three zeros" (0.57000); negative when given back.
    const fee = `${major(l.feeMinor ?? 0, c)}000`;
    count++;
    fees += l.feeMinor ?? 0;
    if (refund) refunded += l.amountMinor;
    else paid += l.amountMinor;
    const cells = refund
      ? [formatBeijing(l.occurredAt), WECHAT_APPID, WECHAT_MCHID, "0", "", l.providerTransactionId, l.orderNo ?? "", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "JSAPI", "REFUND", "OTHERS", c, "0.00", "0.00",
         l.providerRefundId ?? "0", l.refundNo ?? "0", amount, "0.00", "ORIGINAL", l.status === "PROCESSING" ? "PROCESSING" : "SUCCESS", "商品订单", "", fee, "0.60%", "0.00", amount, ""]
      : [formatBeijing(l.occurredAt), WECHAT_APPID, WECHAT_MCHID, "0", "", l.providerTransactionId, l.orderNo ?? "", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "JSAPI", "SUCCESS", "OTHERS", c, amount, "0.00",
         "0", "0", "0.00", "0.00", "", "", "商品订单", "", fee, "0.60%", amount, "0.00", ""];
    yield cells.map((v) => `\`${v}`).join(",");
  }
  yield "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
  yield [String(count), major(paid, "CNY"), major(refunded, "CNY"), "0.00", `${major(fees, "CNY")}000`, major(paid, "CNY"), major(refunded, "CNY")].map((v) => `\`${v}`).join(",");
}

// ---- Stripe balance_change_from_activity.itemized.3 (providers.md §6.3, §7.6) ----------------------

const STRIPE_HEADER_LINE =
  "balance_transaction_id,created_utc,created,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,customer_facing_amount,customer_facing_currency,charge_id,payment_intent_id,payment_metadata[order_no],refund_metadata[refund_no]";

function* stripe(lines: Iterable<StatementLineInput>): Generator<string> {
  yield STRIPE_HEADER_LINE;
  let n = 0;
  for (const l of lines) {
    checkLine(l);
    n++;
    const c = l.currency.toLowerCase();
    const refund = l.kind === "refund";
    const gross = refund ? -l.amountMinor : l.amountMinor;
    const fee = l.feeMinor ?? 0;
    const at = formatUtc(l.occurredAt);
    const available = formatUtc(new Date(l.occurredAt.getTime() + 2 * 86_400_000)).slice(0, 10) + " 00:00:00";
    const suffix = l.providerTransactionId.replace(/^pi_/, "");
    const cells = [
      `txn_${String(n).padStart(8, "0")}${suffix.slice(-8)}`, at, at, available, c, major(gross, l.currency), major(fee, l.currency), major(gross - fee, l.currency),
      refund ? "refund" : "charge", refund ? (l.providerRefundId ?? `re_${suffix}`) : `ch_${suffix}`, refund ? "REFUND FOR CHARGE" : `Order ${l.orderNo ?? ""}`.trim(),
      major(gross, l.currency), c, `ch_${suffix}`, l.providerTransactionId, l.orderNo ?? "", refund ? (l.refundNo ?? "") : "",
    ];
    yield cells.map(csvCell).join(",");
  }
}

// ---- sandbox (sandbox-statement.ts) ------------------------------------------------------------------

function* sandbox(lines: Iterable<StatementLineInput>): Generator<string> {
  yield "transaction_id,order_no,type,status,amount,currency,fee,occurred_at,refund_no";
  for (const l of lines) {
    checkLine(l);
    const fee = l.feeMinor === null ? "" : major(l.feeMinor, l.currency);
    yield [l.providerTransactionId, l.orderNo ?? "", l.kind, l.status, major(l.amountMinor, l.currency), l.currency, fee, l.occurredAt.toISOString(), l.kind === "refund" ? (l.refundNo ?? "") : ""]
      .map(csvCell)
      .join(",");
  }
}

// ---- bytes ------------------------------------------------------------------------------------------

const BATCH = 64 * 1024;

/** Text lines → encoded chunks of ~64 KiB (GBK for Alipay). */
function* encodeLines(lines: Iterable<string>, eol: string, encoding: "utf8" | "gbk"): Generator<Uint8Array> {
  let buf = "";
  for (const line of lines) {
    buf += line + eol;
    if (buf.length >= BATCH) {
      yield encoding === "gbk" ? iconv.encode(buf, "gbk") : Buffer.from(buf, "utf8");
      buf = "";
    }
  }
  if (buf) yield encoding === "gbk" ? iconv.encode(buf, "gbk") : Buffer.from(buf, "utf8");
}

/**
 * fflate writes names as UTF-8; Alipay's zips carry GBK names without the UTF-8 flag. We add each entry under
 * an ASCII stand-in of the same byte length and swap the GBK bytes in (local header and central directory:
 * the name is not covered by the CRC), so our reader is tested against names as Alipay writes them.
 */
function gbkName(name: string): { standIn: string; bytes: Buffer; standInBytes: Buffer } {
  const bytes = iconv.encode(name, "gbk");
  const standIn = Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : "~")).join("");
  return { standIn, bytes, standInBytes: Buffer.from(standIn, "latin1") };
}

function patchNames(chunk: Uint8Array, names: { bytes: Buffer; standInBytes: Buffer }[]): Uint8Array {
  const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  for (const n of names) {
    for (let i = buf.indexOf(n.standInBytes); i >= 0; i = buf.indexOf(n.standInBytes, i + n.bytes.length)) n.bytes.copy(buf, i);
  }
  return chunk;
}

function* alipayZip(lines: Iterable<StatementLineInput>, opts: WriteStatementOptions): Generator<Uint8Array> {
  const account = opts.alipayAccount ?? ALIPAY_ACCOUNT;
  const detail = gbkName(`${account}_${ymd(opts.date)}_业务明细.csv`);
  const summary = gbkName(`${account}_${ymd(opts.date)}_业务明细(汇总).csv`);
  const out: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    out.push(patchNames(data, [detail, summary]));
  });
  const totals: Totals = { payments: 0, refunds: 0, paid: 0, refunded: 0, fees: 0 };
  const entry = (standIn: string, chunks: Iterable<Uint8Array>) => {
    const file = new ZipDeflate(standIn, { level: 6 });
    zip.add(file);
    return { file, chunks };
  };
  const d = entry(detail.standIn, encodeLines(alipayDetail(lines, opts, totals), "\r\n", "gbk"));
  for (const c of d.chunks) {
    d.file.push(c);
    while (out.length > 0) yield out.shift()!;
  }
  d.file.push(new Uint8Array(0), true);
  const s = entry(summary.standIn, encodeLines(alipaySummary(opts, totals), "\r\n", "gbk"));
  for (const c of s.chunks) s.file.push(c);
  s.file.push(new Uint8Array(0), true);
  zip.end();
  while (out.length > 0) yield out.shift()!;
}

function* chunksOf(provider: Provider, lines: Iterable<StatementLineInput>, opts: WriteStatementOptions): Generator<Uint8Array> {
  if (provider === "alipay") {
    if (opts.zip) yield* alipayZip(lines, opts);
    else yield* encodeLines(alipayDetail(lines, opts, { payments: 0, refunds: 0, paid: 0, refunded: 0, fees: 0 }), "\r\n", "gbk");
  } else if (provider === "wechatpay") {
    yield* encodeLines(wechatpay(lines), "\r\n", "utf8");
  } else if (provider === "stripe") {
    yield* encodeLines(stripe(lines), "\n", "utf8");
  } else {
    yield* encodeLines(sandbox(lines), "\n", "utf8");
  }
}

/** A whole statement file in the provider's real format (small files: fixtures, the simulator, the demo). */
export function writeStatement(provider: Provider, lines: StatementLineInput[], opts: WriteStatementOptions): Buffer {
  return Buffer.concat([...chunksOf(provider, lines, opts)]);
}

/** The same file as a stream of chunks, generated as read: 1M lines in flat memory (bench, large fixtures). */
export async function* statementChunks(provider: Provider, lines: Iterable<StatementLineInput>, opts: WriteStatementOptions): AsyncGenerator<Uint8Array> {
  for (const chunk of chunksOf(provider, lines, opts)) yield chunk;
}
