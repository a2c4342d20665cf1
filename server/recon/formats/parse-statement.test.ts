import { zipSync } from "fflate";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { chunked, collectStatement } from "@/test/statements";
import { parseStatement } from "./parse-statement";
import type { ColumnMapping, StatementFormat } from "./types";

const T = "\t";
const alipay: StatementFormat = { kind: "provider", provider: "alipay" };
const wechatpay: StatementFormat = { kind: "provider", provider: "wechatpay" };
const stripe: StatementFormat = { kind: "provider", provider: "stripe" };
const sandbox: StatementFormat = { kind: "provider", provider: "sandbox" };

const parse = (format: StatementFormat, bytes: Uint8Array) => collectStatement(parseStatement(format, chunked(bytes)));

// providers.md §7.4, plus a refund, a 23:59:59 line and the total lines; GBK as Alipay writes it.
const ALIPAY_DETAIL = [
  "#支付宝业务明细查询",
  "#账号：[20881234567890120156]",
  "#起始日期：[2026年11月24日 00:00:00]   终止日期：[2026年11月25日 00:00:00]",
  `#${"-".repeat(41)}业务明细列表${"-".repeat(40)}`,
  "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注",
  `2026112422001446880501234567${T},ORD20261124000001${T},交易${T},洗衣订单,2026-11-24 10:29:58,2026-11-24 10:30:05,${T},${T},${T},${T},*明(138****1234)${T},19.99,19.99,0.00,0.00,0.00,0.00,0.00,,0.00${T},0.00,${T},-0.12,0.00,洗衣订单`,
  `2026112422001446880501234568${T},ORD20261124000003${T},交易${T},"干洗订单,加急",2026-11-24 23:59:40,2026-11-24 23:59:59,${T},${T},${T},${T},*红(139****5678)${T},50.00,50.00,0.00,0.00,0.00,0.00,0.00,,0.00${T},0.00,${T},-0.30,0.00,干洗订单`,
  `2026112422001446880501234567${T},ORD20261124000001${T},退款${T},洗衣订单,2026-11-24 10:29:58,2026-11-24 15:40:02,${T},${T},${T},${T},*明(138****1234)${T},-5.00,-5.00,0.00,0.00,0.00,0.00,0.00,,0.00${T},0.00,RF20261124000001${T},0.03,0.00,洗衣订单`,
  `#${"-".repeat(41)}业务明细列表结束${"-".repeat(36)}`,
  "#交易合计：2笔，商家实收共69.99元，商家优惠共0.00元",
  "#退款合计：1笔，商家实收退款共-5.00元，商家优惠退款共0.00元",
  "#导出时间：[2026年11月25日 10:12:44]",
].join("\r\n");

const ALIPAY_SUMMARY = [
  "#支付宝业务汇总查询",
  "#账号：[20881234567890120156]",
  `#${"-".repeat(41)}业务汇总列表${"-".repeat(40)}`,
  "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）",
  "合计,,2,1,64.99,64.99,0.00,0.00,0.00,-0.39,0.00,64.60",
].join("\r\n");

describe("Alipay 业务明细", () => {
  it("reads the GBK CSV: # lines and totals skipped, TABs stripped, refunds positive, fees charged positive, Beijing → UTC", async () => {
    const { lines, errors } = await parse(alipay, iconv.encode(ALIPAY_DETAIL, "gbk"));
    expect(errors).toEqual([]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      lineNo: 6,
      kind: "payment",
      providerTransactionId: "2026112422001446880501234567",
      orderNo: "ORD20261124000001",
      refundNo: null,
      amountMinor: 1999,
      feeMinor: 12,
      currency: "CNY",
      occurredAt: new Date("2026-11-24T02:30:05Z"),
      status: "交易",
    });
    expect(lines[0]!.raw.toRecord()["对方账户"]).toBe("*明(138****1234)");
    // A quoted 商品名称 with a comma stays one field; 23:59:59 Beijing is 15:59:59 UTC the same date.
    expect(lines[1]).toMatchObject({ lineNo: 7, amountMinor: 5000, occurredAt: new Date("2026-11-24T15:59:59Z") });
    expect(lines[1]!.raw.toRecord()["商品名称"]).toBe("干洗订单,加急");
    expect(lines[2]).toMatchObject({ lineNo: 8, kind: "refund", refundNo: "RF20261124000001", amountMinor: 500, feeMinor: -3, occurredAt: new Date("2026-11-24T07:40:02Z") });
  });

  it("a Beijing 00:00:01 line is the previous UTC day", async () => {
    const text = ALIPAY_DETAIL.replace("2026-11-24 10:30:05", "2026-11-24 00:00:01");
    const { lines } = await parse(alipay, iconv.encode(text, "gbk"));
    expect(lines[0]!.occurredAt).toEqual(new Date("2026-11-23T16:00:01Z"));
  });

  it("reads the zip as downloaded, choosing 业务明细 over 业务明细(汇总) whatever their order (UTF-8-flagged names too)", async () => {
    const zip = zipSync({
      "20881234567890120156_20261124_业务明细(汇总).csv": iconv.encode(ALIPAY_SUMMARY, "gbk"),
      "20881234567890120156_20261124_业务明细.csv": iconv.encode(ALIPAY_DETAIL, "gbk"),
    });
    const { lines, errors } = await parse(alipay, zip);
    expect(errors).toEqual([]);
    expect(lines.map((l) => l.amountMinor)).toEqual([1999, 5000, 500]);
  });

  it("a zip without a detail entry is a clear error", async () => {
    const zip = zipSync({ "20881234567890120156_20261124_业务明细(汇总).csv": iconv.encode(ALIPAY_SUMMARY, "gbk") });
    await expect(parse(alipay, zip)).rejects.toThrow(/no statement entry.*业务明细\(汇总\)/);
  });

  it("bad rows become row errors with their line number and reading goes on", async () => {
    const lines = ALIPAY_DETAIL.split("\r\n");
    lines.splice(6, 0,
      `2026112422001446880509999999${T},ORD1${T},交易${T},x,2026-11-24 10:00:00,2026-11-24 10:00:01,,,,,,12.3.4,0,0,0,0,0,0,,0,0,,0,0,`,
      `${T},ORD2${T},交易${T},x,2026-11-24 10:00:00,2026-11-24 10:00:01,,,,,,1.00,0,0,0,0,0,0,,0,0,,0,0,`,
      `2026112422001446880509999998${T},ORD3${T},交易${T},x,2026-11-24 10:00:00,2026-11-24 25:00:01,,,,,,1.00,0,0,0,0,0,0,,0,0,,0,0,`,
      // an unquoted comma in 商品名称 shifts every later column: refused, never read shifted
      `2026112422001446880509999997${T},ORD4${T},交易${T},洗衣,加急,2026-11-24 10:00:00,2026-11-24 10:00:01,,,,,,1.00,0,0,0,0,0,0,,0,0,,0,0,`,
    );
    const { lines: ok, errors } = await parse(alipay, iconv.encode(lines.join("\r\n"), "gbk"));
    expect(ok.map((l) => l.lineNo)).toEqual([6, 11, 12]);
    expect(errors.map((e) => (e.ok ? null : [e.error.lineNo, e.error.message]))).toEqual([
      [7, expect.stringContaining("订单金额（元）")],
      [8, "支付宝交易号 is empty"],
      [9, expect.stringContaining("not a time")],
      [10, "expected 25 fields, found 26"],
    ]);
    expect(errors[0]!.ok ? "" : errors[0]!.error.raw).toContain("12.3.4");
  });

  it("a file of another format is refused as a whole", async () => {
    await expect(parse(alipay, Buffer.from("a,b,c\n1,2,3\n"))).rejects.toThrow(/not a Alipay 业务明细 file/);
  });
});

// providers.md §7.5 with a UTF-8 BOM, CRLF, a refund row and the summary block.
const WECHAT = [
  "\ufeff交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注",
  "`2026-11-24 10:30:12,`wxd678efh567hg6787,`1900000109,`0,`,`4200002345202611241234567890,`ORD20261124000001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`19.99,`0.00,`0,`0,`0.00,`0.00,`,`,`洗衣订单,`,`0.12000,`0.60%,`19.99,`0.00,`",
  "`2026-11-24 12:05:41,`wxd678efh567hg6787,`1900000109,`0,`,`4200002345202611241234567891,`ORD20261124000004,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`SUCCESS,`CMB_CREDIT,`CNY,`88.00,`0.00,`0,`0,`0.00,`0.00,`,`,`干洗套餐,`,`0.53000,`0.60%,`88.00,`0.00,`",
  "`2026-11-24 16:20:00,`wxd678efh567hg6787,`1900000109,`0,`,`4200002345202611241234567890,`ORD20261124000001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300207182026112400011301001,`RF20261124000001,`5.00,`0.00,`ORIGINAL,`PROCESSING,`洗衣订单,`,`-0.03000,`0.60%,`0.00,`5.00,`",
  "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
  "`3,`107.99,`5.00,`0.00,`0.62000,`107.99,`5.00",
  "",
].join("\r\n");

describe("WeChat Pay 交易账单", () => {
  it("reads back-ticked fields after a BOM, skips the summary, refund rows positive with their refund ids", async () => {
    const { lines, errors } = await parse(wechatpay, Buffer.from(WECHAT, "utf8"));
    expect(errors).toEqual([]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ lineNo: 2, kind: "payment", providerTransactionId: "4200002345202611241234567890", orderNo: "ORD20261124000001", refundNo: null, providerRefundId: null, amountMinor: 1999, feeMinor: 12, currency: "CNY", occurredAt: new Date("2026-11-24T02:30:12Z"), status: "SUCCESS" });
    expect(lines[0]!.raw.toRecord()["交易时间"]).toBe("2026-11-24 10:30:12");
    expect(lines[2]).toMatchObject({ kind: "refund", refundNo: "RF20261124000001", providerRefundId: "50300207182026112400011301001", amountMinor: 500, feeMinor: -3, status: "PROCESSING" });
  });

  it("reads the SUCCESS layout (20 columns) and a summary whose first cell has no back-tick", async () => {
    const text = [
      "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注",
      "`2026-11-24 10:30:12,`wx1,`1900000109,`0,`,`4200000001,`ORD1,`o1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`9.90,`0.00,`x,`,`0.06000,`0.60%,`10.00,`",
      "总交易单数,应结订单总金额,手续费总金额,订单总金额",
      "1,`9.90,`0.06000,`10.00",
    ].join("\n");
    const { lines, errors } = await parse(wechatpay, Buffer.from(text));
    expect(errors).toEqual([]);
    // 订单金额 (the order's amount, ours) rather than 应结订单金额 (after a no-top-up coupon)
    expect(lines.map((l) => [l.amountMinor, l.feeMinor])).toEqual([[1000, 6]]);
  });
});

describe("Stripe itemized report", () => {
  it("reads charges and refunds in major units, skips other categories, quoted descriptions", async () => {
    const text = [
      "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,description,charge_id,payment_intent_id,payment_metadata[order_no],refund_metadata[refund_no]",
      'txn_1,2026-11-24 10:02:11,usd,45.99,1.63,44.36,charge,ch_1,"Order ORD1, express",ch_1,pi_1,ORD1,',
      "txn_2,2026-11-24 15:40:02,usd,-10.00,0.00,-10.00,refund,re_2,REFUND FOR CHARGE,ch_1,pi_1,ORD1,RF1",
      "txn_3,2026-11-24 18:00:00,usd,-100.00,0.00,-100.00,payout,po_1,STRIPE PAYOUT,,,,",
      "txn_4,1795430400,jpy,1200,40,1160,charge,ch_4,,ch_4,pi_4,ORD4,",
    ].join("\n");
    const { lines, errors } = await parse(stripe, Buffer.from(text));
    expect(errors).toEqual([]);
    expect(lines.map((l) => [l.lineNo, l.kind, l.providerTransactionId, l.orderNo, l.refundNo, l.providerRefundId, l.amountMinor, l.feeMinor, l.currency])).toEqual([
      [2, "payment", "pi_1", "ORD1", null, null, 4599, 163, "USD"],
      [3, "refund", "pi_1", "ORD1", "RF1", "re_2", 1000, 0, "USD"],
      [5, "payment", "pi_4", "ORD4", null, null, 1200, 40, "JPY"],
    ]);
    expect(lines[0]!.occurredAt).toEqual(new Date("2026-11-24T10:02:11Z"));
    expect(lines[0]!.raw.toRecord().description).toBe("Order ORD1, express");
    expect(lines[2]!.occurredAt).toEqual(new Date(1795430400 * 1000));
  });
});

describe("sandbox statement", () => {
  it("bad rows (amount, id, time, type, multi-line quoted) are row errors; the rest reads", async () => {
    const text = [
      "transaction_id,order_no,type,status,amount,currency,fee,occurred_at,refund_no",
      "SBX1,ORD1,payment,SUCCESS,12.30,CNY,0.07,2026-11-24T02:01:02Z,",
      "SBX2,ORD2,payment,SUCCESS,12.305,CNY,,2026-11-24T02:01:02Z,",
      ",ORD3,payment,SUCCESS,1.00,CNY,,2026-11-24T02:01:02Z,",
      "SBX4,ORD4,payment,SUCCESS,1.00,CNY,,yesterday,",
      "SBX5,ORD5,chargeback,SUCCESS,1.00,CNY,,2026-11-24T02:01:02Z,",
      'SBX6,"ORD6',
      'x",payment,SUCCESS,1.00,CNY,,2026-11-24T02:01:02Z,',
      "SBX1,ORD1,refund,SUCCESS,2.00,CNY,-0.01,2026-11-24T03:00:00Z,RF1",
    ].join("\r\n");
    const { lines, errors } = await parse(sandbox, Buffer.from(text));
    expect(lines.map((l) => [l.lineNo, l.kind, l.orderNo, l.amountMinor, l.feeMinor, l.refundNo])).toEqual([
      [2, "payment", "ORD1", 1230, 7, null],
      [7, "payment", "ORD6\r\nx", 100, null, null],
      [9, "refund", "ORD1", 200, -1, "RF1"],
    ]);
    expect(errors.map((e) => (e.ok ? null : e.error.lineNo))).toEqual([3, 4, 5, 6]);
  });
});

describe("column mapping", () => {
  const mapping: ColumnMapping = {
    delimiter: ";",
    encoding: "gbk",
    skipLines: 2,
    timeZone: "America/New_York",
    columns: { providerTransactionId: "流水号", orderNo: "订单号", amount: "金额(分)", occurredAt: "时间", kind: "类型", status: "状态", refundNo: "退款号", fee: "手续费(分)" },
    defaultCurrency: "CNY",
    refundValues: ["退款"],
    successValues: ["成功"],
    amountUnit: "minor",
  };
  it("reads any CSV through the saved mapping (delimiter, GBK, preamble, minor units, zone, success filter)", async () => {
    const text = [
      "某银行聚合支付对账单",
      "商户：上海某某洗衣服务有限公司",
      "流水号;订单号;类型;状态;金额(分);手续费(分);时间;退款号",
      "P001;ORD1;支付;成功;1999;12;2026-11-24 09:00:00;",
      "P002;ORD2;支付;失败;500;0;2026-11-24 09:01:00;",
      "P001;ORD1;退款;成功;500;-3;2026-03-08 02:30:00;RF1",
      "P003;ORD3;支付;成功;12.5;0;2026-11-24 09:00:00;",
    ].join("\n");
    const { lines, errors } = await parse({ kind: "mapping", provider: "sandbox", mapping }, iconv.encode(text, "gbk"));
    expect(lines.map((l) => [l.lineNo, l.kind, l.orderNo, l.amountMinor, l.feeMinor, l.refundNo, l.status])).toEqual([
      [4, "payment", "ORD1", 1999, 12, null, "成功"],
      [6, "refund", "ORD1", 500, -3, "RF1", "成功"],
    ]);
    expect(lines[0]!.occurredAt).toEqual(new Date("2026-11-24T14:00:00Z"));
    // 02:30 on the spring-forward morning does not exist in New York: it lands after the gap, 07:30Z.
    expect(lines[1]!.occurredAt).toEqual(new Date("2026-03-08T07:30:00Z"));
    expect(errors.map((e) => (e.ok ? null : [e.error.lineNo, e.error.message]))).toEqual([[7, expect.stringContaining("whole number")]]);
  });

  it("without a kind column a negative amount is a refund", async () => {
    const m: ColumnMapping = { columns: { providerTransactionId: "id", amount: "amount", occurredAt: "at", currency: "ccy" } };
    const { lines } = await parse({ kind: "mapping", provider: "stripe", mapping: m }, Buffer.from("id,amount,at,ccy\nA,-1.50,2026-11-24T00:00:00Z,usd\n"));
    expect(lines.map((l) => [l.kind, l.amountMinor, l.currency])).toEqual([["refund", 150, "USD"]]);
  });
});
