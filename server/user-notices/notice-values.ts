import "server-only";
import type { Order } from "@/db/schema";
import type { Provider } from "@/lib/enums";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import type { NoticeKind, NoticeSituation, TemplateKey, TemplateValues } from "@/lib/user-notices";
import { getEnv } from "@/server/env";
import { maskUserRef } from "@/server/incidents/list-affected-orders";

/** How a situation ends for the user: the money goes back by itself, or a person completes the order. */
export type Remedy = "refund" | "manual";

// When refunded money shows up, per provider, as CS tells it (/work/shared/reference/refunds.md §5: Alipay
// balance at once, bank cards per bank; WeChat change ~5 min, bank cards 1–3 working days; Stripe card 5–10
// business days). The sandbox refunds at once.
const ARRIVAL: Record<Provider, Record<Locale, string>> = {
  alipay: { "zh-CN": "支付宝余额即时到账，银行卡 1–3 个工作日", en: "instantly to an Alipay balance, 1–3 working days to a bank card" },
  wechatpay: { "zh-CN": "零钱约 5 分钟到账，银行卡 1–3 个工作日", en: "about 5 minutes to WeChat change, 1–3 working days to a bank card" },
  stripe: { "zh-CN": "5–10 个工作日内到账", en: "within 5–10 business days" },
  sandbox: { "zh-CN": "即时到账", en: "right away" },
};

const UPDATE_WITHIN: Record<Locale, string> = { "zh-CN": "30 分钟", en: "30 minutes" };
const MANUAL_WITHIN: Record<Locale, string> = { "zh-CN": "1 个工作日", en: "1 working day" };

/** The public lookup page with its ticket entry (H4's /lookup), prefilled with the order number. */
export function lookupLink(orderNo: string): string {
  const url = new URL("/lookup", getEnv().APP_URL);
  url.searchParams.set("order", orderNo);
  return url.toString();
}

/** The user's language: orders carry none yet, so CNY orders are told in Chinese and the rest in English. */
export function localeOfOrder(order: Pick<Order, "currency">): Locale {
  return order.currency.trim() === "CNY" ? "zh-CN" : "en";
}

/** The remedy a situation promises; cannot_complete depends on why (paid after close: refund; fulfilment given up: manual). */
export function remedyOf(situation: NoticeSituation, paidAfterClose: boolean): Remedy {
  if (situation === "duplicate_charge") return "refund";
  if (situation === "cannot_complete") return paidAfterClose ? "refund" : "manual";
  return "manual";
}

export function templateKeyOf(situation: NoticeSituation, kind: NoticeKind): TemplateKey {
  return kind === "follow_up" ? "follow_up" : situation;
}

/** The variables of one notice, in the user's language. */
export function noticeValues(
  order: Pick<Order, "orderNo" | "userId" | "userPhone" | "amountMinor" | "currency" | "provider">,
  situation: NoticeSituation,
  kind: NoticeKind,
  locale: Locale,
  remedy: Remedy,
): TemplateValues {
  const link = lookupLink(order.orderNo);
  const zh = locale === "zh-CN";
  const arrival = ARRIVAL[order.provider]?.[locale] ?? ARRIVAL.sandbox[locale];
  const help = zh ? `如有疑问请联系在线客服或查看：${link}` : `Questions? Contact our online support or see ${link}`;
  let expected = UPDATE_WITHIN[locale];
  let nextStep = help;
  if (kind === "initial") {
    if (situation === "duplicate_charge") expected = arrival;
    else if (remedy === "refund") {
      expected = arrival;
      nextStep = zh ? `款项将自动原路退回（${arrival}），无需操作。${help}` : `The money will be refunded automatically (${arrival}); you do not need to do anything. ${help}`;
    } else if (situation === "cannot_complete") {
      expected = MANUAL_WITHIN[locale];
      nextStep = zh ? `客服将在 ${expected} 内为您人工完成订单，您也可在此提交或查看工单：${link}` : `Our support team will complete it by hand within ${expected}; you can open or follow a ticket here: ${link}`;
    } else if (situation === "payment_delayed") {
      nextStep = zh ? `若订单最终未能完成，款项将自动退回。查看订单：${link}` : `If the order cannot be completed, the money is refunded automatically. Check your order: ${link}`;
    }
  }
  return {
    name: maskUserRef(order.userId, order.userPhone),
    orderNo: order.orderNo,
    amount: formatMoney(order.amountMinor, order.currency.trim(), locale),
    expected,
    nextStep,
    link,
  };
}
