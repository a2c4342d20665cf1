import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import type { Provider } from "@/lib/enums";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import type { Localized } from "@/lib/scripts";
import providerEn from "@/messages/en/provider.json";
import providerZh from "@/messages/zh-CN/provider.json";
import { getEnv } from "@/server/env";
import { orderSituation, type OrderSituation } from "@/server/lookup/order-situation";

export type ScriptValues = Partial<Record<string, string>>;

const PROVIDER_NAMES: Record<Locale, Record<string, string>> = { "zh-CN": providerZh, en: providerEn };

/**
 * When the user can expect the money or the order, per situation and provider. Refund arrival times from
 * /work/shared/reference/refunds.md §5 (Alipay balance at once, WeChat change ~5 min / bank card 1–3 working
 * days, Stripe cards 5–10 business days); a paid-not-updated order is normally fixed within 30 minutes.
 */
const REFUND_ETA: Record<Provider, Localized> = {
  alipay: { "zh-CN": "退回支付宝余额的即时到账,退回银行卡的以银行处理时间为准(一般 1–3 个工作日)", en: "at once if it goes back to the Alipay balance; to a bank card it depends on the bank (usually 1–3 working days)" },
  wechatpay: { "zh-CN": "退回微信零钱约 5 分钟内到账,退回银行卡一般 1–3 个工作日", en: "about 5 minutes back to WeChat change, usually 1–3 working days back to a bank card" },
  stripe: { "zh-CN": "退回原银行卡,一般 5–10 个工作日在账单上显示", en: "back to the original card, usually showing on the statement within 5–10 business days" },
  sandbox: { "zh-CN": "1–3 个工作日内", en: "within 1–3 working days" },
};
const PROCESSING_ETA: Localized = { "zh-CN": "30 分钟内", en: "within 30 minutes" };

function wallClock(at: Date, timeZone: string): string {
  // "2026-11-26 14:03" in the business time zone, the same in both languages (as the console prints times).
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** The pure part: values of every variable from an order's situation, in one language. */
export function valuesFor(situation: OrderSituation, ticketNo: string | null, locale: Locale, timeZone: string): ScriptValues {
  const values: ScriptValues = {};
  if (ticketNo) values.ticketNo = ticketNo;
  const o = situation.order;
  if (!o) return values;
  values.orderNo = o.orderNo;
  values.amount = formatMoney(o.amountMinor, o.currency, locale);
  values.provider = PROVIDER_NAMES[locale][o.provider] ?? o.provider;
  if (o.paidAt) values.paidAt = wallClock(o.paidAt, timeZone);
  const kind = situation.kind;
  if (kind === "processing") values.eta = PROCESSING_ETA[locale];
  else if (kind === "charged_twice" || kind === "refund_pending") values.eta = REFUND_ETA[o.provider as Provider]?.[locale];
  return values;
}

export interface ScriptContext {
  situation: OrderSituation | null;
  values: Record<Locale, ScriptValues>;
}

/** Reads the order (and the ticket's number and order) in context once, for every script the caller fills. */
export async function loadScriptContext(db: Db, input: { orderNo?: string; ticketId?: number }): Promise<ScriptContext> {
  let orderNo = input.orderNo;
  let ticketNo: string | null = null;
  if (input.ticketId) {
    const [t] = await db.select({ number: tickets.number, orderNo: tickets.orderNo }).from(tickets).where(eq(tickets.id, input.ticketId)).limit(1);
    if (t) {
      ticketNo = t.number;
      orderNo ??= t.orderNo ?? undefined;
    }
  }
  const situation = orderNo ? await orderSituation(db, orderNo) : null;
  const tz = getEnv().BUSINESS_TIMEZONE;
  const empty: OrderSituation = { order: null, kind: null };
  return {
    situation,
    values: { "zh-CN": valuesFor(situation ?? empty, ticketNo, "zh-CN", tz), en: valuesFor(situation ?? empty, ticketNo, "en", tz) },
  };
}
