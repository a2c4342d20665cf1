import "server-only";
import { parseLocalTime } from "./statement-time";
import { amountOf, currencyOf, required, RowProblem, timeOf, type Field, type TableReader } from "./read-table";

/**
 * WeChat Pay 交易账单 (GET /v3/bill/tradebill), providers.md §6.2: UTF-8, CRLF, header without back-ticks, every
 * data and summary cell prefixed with "`", a trailing summary (总交易单数…). Columns are found by name, so
 * ALL (27), SUCCESS (20), REFUND (29) and the legacy 24-column layout all read. Amounts in yuan; 手续费 with
 * five decimals; 交易时间 Beijing (refund rows: when the refund was requested).
 */
export const WECHATPAY_ALL_HEADER = [
  "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行",
  "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称",
  "商户数据包", "手续费", "费率", "订单金额", "申请退款金额", "费率备注",
] as const;

// Payment rows carry `0 in the refund-id cells.
const id = (v: string) => (v === "" || v === "0" ? null : v);

function firstAmount(field: Field, names: readonly string[], currency: string): number | undefined {
  for (const name of names) {
    const text = field(name);
    if (text !== "") return amountOf(text, currency, name);
  }
  return undefined;
}

export const wechatpayReader: TableReader = {
  formatName: "WeChat Pay 交易账单",
  clean: (cell) => {
    const t = cell.trim();
    return t.charCodeAt(0) === 96 ? t.slice(1).trim() : t;
  },
  isHeader: (cells) => cells[0] === "交易时间",
  classify: (cells) => (cells[0] === "总交易单数" ? "end" : "data"),
  toLine(field) {
    const state = required(field, "交易状态");
    if (state !== "SUCCESS" && state !== "REFUND" && state !== "REVOKED") return null;
    const currency = currencyOf(field("货币种类"), "CNY");
    const time = field("交易时间");
    const occurredAt = timeOf(parseLocalTime(time, "Asia/Shanghai"), time, "交易时间");
    const feeText = field("手续费");
    const common = {
      providerTransactionId: required(field, "微信订单号"),
      orderNo: field("商户订单号") || null,
      feeMinor: feeText === "" ? null : amountOf(feeText, currency, "手续费"),
      currency,
      occurredAt,
    };
    if (state === "SUCCESS") {
      const amount = firstAmount(field, ["订单金额", "总金额", "应结订单金额"], currency);
      if (amount === undefined) throw new RowProblem("订单金额 is empty");
      if (amount < 0) throw new RowProblem("订单金额 is negative on a SUCCESS row");
      return { ...common, kind: "payment", refundNo: null, providerRefundId: null, amountMinor: amount, status: state };
    }
    // A revoked (撤销) trade gives the whole payment back; refund rows carry the refund in their own columns.
    const amount = state === "REVOKED" ? firstAmount(field, ["退款金额", "订单金额", "总金额", "应结订单金额"], currency) : firstAmount(field, ["申请退款金额", "退款金额"], currency);
    if (amount === undefined) throw new RowProblem("退款金额 is empty");
    return {
      ...common,
      kind: "refund",
      refundNo: id(field("商户退款单号")),
      providerRefundId: id(field("微信退款单号")),
      amountMinor: Math.abs(amount),
      // 退款状态 (SUCCESS / PROCESSING at export time) is what matters for a refund line.
      status: state === "REFUND" ? field("退款状态") || state : state,
    };
  },
};
