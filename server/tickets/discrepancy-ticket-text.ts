import "server-only";
import type { Discrepancy } from "@/db/schema";
import type { DiscrepancyType } from "@/lib/enums";
import { BODY_MAX } from "@/lib/tickets";

/** Which team works a discrepancy: money that moved wrongly → finance; whether a payment happened at all → ops. */
export function discrepancyQueue(type: DiscrepancyType): "finance" | "ops" {
  return type === "status_mismatch" || type === "missing_at_provider" ? "ops" : "finance";
}

/** What the person who picks the ticket up should do first, per type (both languages: the ticket keeps facts, not UI text). */
const SUGGESTED: Record<DiscrepancyType, { zh: string; en: string }> = {
  status_mismatch: {
    zh: "渠道显示已付款而我方订单未付款：先在订单页“立即查询”；渠道确认成功则补单（标记已付并发货），订单已关闭则与用户确认后退款。",
    en: "The provider shows the payment succeeded but our order is unpaid: press \"Query now\" on the order; if the provider confirms, apply the payment (paid, then fulfilment); if the order was closed, confirm with the customer and refund.",
  },
  amount_mismatch: {
    zh: "实付金额与订单金额不符：核对渠道交易明细与商户下单金额；少付则联系用户补款或关单退款，多付则退还差额。",
    en: "The amount paid differs from the order: compare the provider's transaction with the merchant's order; if underpaid, ask the customer to top up or close and refund; if overpaid, refund the difference.",
  },
  currency_mismatch: {
    zh: "支付币种与订单币种不同：切勿按汇率自行折算，联系渠道确认结算币种，通常全额退款后让用户按正确币种重新支付。",
    en: "Paid in another currency than the order: never convert at a rate yourself; confirm the settlement currency with the provider, usually refund in full and let the customer pay again in the right currency.",
  },
  duplicate_payment: {
    zh: "同一订单被扣款两次：确认第二笔交易确已成功后，原路退还第二笔（不是首笔），并告知用户到账时间。",
    en: "The customer was charged twice for one order: confirm the second transaction succeeded, then refund that second payment (not the first) through the provider and tell the customer when it arrives.",
  },
  missing_at_provider: {
    zh: "我方记为已付但渠道无成功记录：查看回调原文与验签结果，向渠道查询该交易；若确未付款，暂停发货并联系商户。",
    en: "We hold the order as paid but the provider has no successful payment: check the original callback and its signature check, query the provider for the transaction; if it never paid, hold fulfilment and contact the merchant.",
  },
  missing_internal: {
    zh: "渠道收款但我方没有该订单：按商户订单号与商户核实是否漏单；能补登订单则补登（付款会自动入账），否则原路退款给用户。",
    en: "The provider took money for an order we do not hold: check with the merchant by the merchant order no whether the order was lost; if it can be registered, register it (the payment then applies by itself), otherwise refund the payer.",
  },
  paid_after_close: {
    zh: "订单关闭后才收到付款：与用户确认是否仍要商品；需要则由商户重新下单处理，否则原路全额退款。",
    en: "The payment arrived after the order was closed: ask the customer whether they still want the goods; if so the merchant re-creates the order, otherwise refund in full.",
  },
  refund_mismatch: {
    zh: "退款记录与渠道不一致：在退款页核对退款单号与渠道退款状态，必要时“再次尝试”或联系渠道。",
    en: "Our refund and the provider's disagree: compare the refund no and the provider's refund status on the refunds page; retry or contact the provider if needed.",
  },
  fee_mismatch: {
    zh: "手续费与约定费率不符：核对渠道合同费率与当日账单；差额较大时向渠道发起费用争议。",
    en: "The fee differs from the agreed rate: check the contract rate against the day's statement; raise a fee dispute with the provider if the difference is material.",
  },
};

const json = (v: unknown) => JSON.stringify(v ?? {}, null, 0);

/** The ticket's description: the item, both sides' records, the statement line, and the suggested action. */
export function discrepancyDescription(d: Discrepancy, note?: string): string {
  const head = [
    `discrepancy #${d.id} · ${d.type} · risk ${d.risk} · ${d.provider} · order ${d.orderNo ?? "—"}`,
    `transaction ${d.providerTransactionId ?? "—"} · expected ${d.expectedAmountMinor ?? "—"} · actual ${d.actualAmountMinor ?? "—"} · difference ${d.differenceMinor ?? "—"} ${d.currency ?? ""} (minor units)`,
    `source ${d.source}${d.businessDate ? ` · business date ${d.businessDate}` : ""}${d.statementImportId ? ` · statement import #${d.statementImportId} line ${d.statementLineNo ?? "—"}` : ""}`,
  ].join("\n");
  const suggested = SUGGESTED[d.type];
  const tail = `建议处理 / Suggested action:\n${suggested.zh}\n${suggested.en}`;
  const sides = `our records: ${json(d.ourFacts)}\nprovider: ${json(d.providerFacts)}`;
  const parts = [note?.trim(), head, tail];
  // The facts go last and are cut first: the description has a ceiling, the facts stay on the item itself.
  const room = BODY_MAX - parts.filter(Boolean).join("\n\n").length - 4;
  if (room > 40) parts.push(sides.length > room ? `${sides.slice(0, room - 1)}…` : sides);
  return parts.filter(Boolean).join("\n\n");
}
