import "server-only";
import { parseLocalTime } from "./statement-time";
import { amountOf, RowProblem, required, timeOf, type TableReader } from "./read-table";

/**
 * Alipay 业务明细 (bill_type=trade), providers.md §6.1.1: GBK, `#` title/marker/total lines around a
 * 25-column table; ids and several cells end with a TAB (against Excel); 业务类型 交易 = payment, 退款 = refund
 * with NEGATIVE 订单金额 and 退款批次号/请求号 = our out_request_no; 服务费 is negative when charged; times Beijing.
 */
export const ALIPAY_HEADER = [
  "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员", "终端号", "对方账户",
  "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称",
  "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
] as const;

/** In the zip: `<PID>0156_<yyyyMMdd>_业务明细.csv`, not the `…_业务明细(汇总).csv` beside it. */
export function isAlipayDetailEntry(name: string): boolean {
  const base = name.split("/").pop() ?? name;
  return /业务明细\.csv$/i.test(base) && !/汇总/.test(base);
}

export const alipayReader: TableReader = {
  formatName: "Alipay 业务明细 file",
  clean: (cell) => (cell.includes("\t") ? cell.replace(/\t/g, "") : cell).trim(),
  isHeader: (cells) => cells[0] === "支付宝交易号",
  // `#…列表结束`, `#交易合计…`, `#导出时间…`; a store-summary 合计 row if someone pastes the 汇总 table in.
  classify: (cells) => (cells[0]?.startsWith("#") || cells[0] === "合计" ? "skip" : "data"),
  toLine(field) {
    const type = field("业务类型");
    if (type !== "交易" && type !== "退款") {
      if (type === "") throw new RowProblem("业务类型 is empty");
      return null;
    }
    const refund = type === "退款";
    const amount = amountOf(field("订单金额（元）"), "CNY", "订单金额（元）");
    if (refund ? amount > 0 : amount < 0) throw new RowProblem(`订单金额（元） ${field("订单金额（元）")} has the wrong sign for ${type}`);
    const feeText = field("服务费（元）");
    const occurredText = field("完成时间") || field("创建时间");
    return {
      kind: refund ? "refund" : "payment",
      providerTransactionId: required(field, "支付宝交易号"),
      orderNo: field("商户订单号") || null,
      refundNo: refund ? required(field, "退款批次号/请求号") : null,
      providerRefundId: null,
      amountMinor: Math.abs(amount),
      // Charged fees are shown negative (refunded fees positive): ours is "positive = charged to us".
      feeMinor: feeText === "" ? null : -amountOf(feeText, "CNY", "服务费（元）") || 0,
      currency: "CNY",
      occurredAt: timeOf(parseLocalTime(occurredText, "Asia/Shanghai"), occurredText, "完成时间"),
      status: type,
    };
  },
};
