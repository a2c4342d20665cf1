// Personal notices to affected users (issue 9): vocabulary, default templates and the renderer. Pure: the
// console's live preview and the server's sends render with this one function, so what ops see is what goes out.
import type { Locale } from "@/lib/i18n/locale";

/**
 * Why a user is told something. The first three are detected from our own data; payment_delayed is only
 * sent in bulk from an incident to users whose payment was in flight while we could not confirm it.
 */
export const NOTICE_SITUATIONS = ["paid_not_updated", "duplicate_charge", "cannot_complete", "payment_delayed"] as const;
export type NoticeSituation = (typeof NOTICE_SITUATIONS)[number];

/** initial: the first notice of a situation; follow_up: "已为您完成订单" once the order is fixed. */
export const NOTICE_KINDS = ["initial", "follow_up"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** A template per situation, plus the follow-up's own. */
export const TEMPLATE_KEYS = [...NOTICE_SITUATIONS, "follow_up"] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const NOTICE_CHANNELS = ["sms", "push"] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

/**
 * queued: deliveries waiting for the worker; deferred: held until quiet hours end; sent: at least one channel
 * delivered; failed: every channel gave up; skipped: not sent on purpose (skipReason).
 */
export const NOTICE_STATUSES = ["queued", "deferred", "sent", "failed", "skipped"] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const SKIP_REASONS = ["opted_out", "rate_limited", "no_channel"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const NOTICE_DELIVERY_STATUSES = ["pending", "retrying", "sent", "failed", "skipped"] as const;
export type NoticeDeliveryStatus = (typeof NOTICE_DELIVERY_STATUSES)[number];

/**
 * Urgent notices ignore quiet hours. A duplicate charge is urgent: money was taken twice, and a user left
 * until 9 a.m. with that worry complains or disputes the charge; the refund promise is the point of the
 * message. Everything else (a delayed order, a follow-up) waits for the morning.
 */
export const URGENT_SITUATIONS: readonly NoticeSituation[] = ["duplicate_charge"];

/** The variables a template may use, in the order the editor lists them. */
export const TEMPLATE_VARIABLES = ["name", "orderNo", "amount", "expected", "nextStep", "link"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<TemplateVariable, string>;

export const TEMPLATE_MAX = 500;

/** Appended to every SMS, never editable: the carrier's opt-out instruction. */
export const SMS_OPT_OUT_SUFFIX: Record<Locale, string> = { "zh-CN": "回T退订", en: "Reply T to opt out" };

type Bodies = Record<TemplateKey, Record<NoticeChannel, Record<Locale, string>>>;

const same = (zh: string, en: string) => ({ sms: { "zh-CN": zh, en }, push: { "zh-CN": zh, en } });

/** The shipped wording; ops override it per key × channel × locale in the console (user_notice_templates). */
export const DEFAULT_TEMPLATES: Bodies = {
  paid_not_updated: same(
    "{name}您好，您的订单 {orderNo}（{amount}）支付已成功，订单正在处理，预计 {expected} 内更新，无需重复支付。{nextStep}",
    "Hello {name}, your payment of {amount} for order {orderNo} went through. We are processing the order and expect to update it within {expected}; there is no need to pay again. {nextStep}",
  ),
  duplicate_charge: same(
    "{name}您好，您的订单 {orderNo} 被重复扣款 {amount}，多扣的款项将自动原路退回，预计 {expected}，无需操作。{nextStep}",
    "Hello {name}, order {orderNo} was charged twice ({amount}). The extra charge will be refunded automatically to where it came from, expected {expected}; you do not need to do anything. {nextStep}",
  ),
  cannot_complete: same(
    "{name}您好，很抱歉，您的订单 {orderNo}（{amount}）暂时无法自动完成。{nextStep}",
    "Hello {name}, we are sorry: order {orderNo} ({amount}) could not be completed automatically. {nextStep}",
  ),
  payment_delayed: same(
    "{name}您好，支付渠道暂时繁忙，您的订单 {orderNo}（{amount}）可能延迟更新。如已付款请勿重复支付，预计 {expected} 内恢复。{nextStep}",
    "Hello {name}, the payment service is busy and order {orderNo} ({amount}) may take longer to update. If you have paid, please do not pay again; we expect to recover within {expected}. {nextStep}",
  ),
  follow_up: same(
    "{name}您好，已为您完成订单 {orderNo}（{amount}），感谢您的耐心等待。",
    "Hello {name}, your order {orderNo} ({amount}) is now complete. Thank you for your patience.",
  ),
};

/** The push message's title per template key (the body is the template). */
export const PUSH_TITLES: Record<TemplateKey, Record<Locale, string>> = {
  paid_not_updated: { "zh-CN": "支付成功，订单处理中", en: "Payment received, order in progress" },
  duplicate_charge: { "zh-CN": "重复扣款将自动退回", en: "Duplicate charge will be refunded" },
  cannot_complete: { "zh-CN": "订单需要人工处理", en: "Your order needs a hand" },
  payment_delayed: { "zh-CN": "支付可能延迟", en: "Payments may be delayed" },
  follow_up: { "zh-CN": "订单已完成", en: "Order complete" },
};

/** Fills {variable} placeholders; an unknown name stays as written (the editor flags it). */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(/\{(\w+)\}/g, (whole, name: string) => ((TEMPLATE_VARIABLES as readonly string[]).includes(name) ? values[name as TemplateVariable] : whole)).replace(/\s+$/, "");
}

/** Placeholders in a draft that are not variables (shown as a warning, refused on save). */
export function unknownVariables(body: string): string[] {
  return [...body.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((n) => !(TEMPLATE_VARIABLES as readonly string[]).includes(n));
}

/** The SMS as it leaves: the rendered text plus the opt-out suffix. */
export function smsText(rendered: string, locale: Locale): string {
  return `${rendered}${locale === "en" ? " " : ""}${SMS_OPT_OUT_SUFFIX[locale]}`;
}

/** "21:00" → 1260 (minutes after midnight); null when malformed. */
export function parseClock(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Whether `minute` (of the day) falls in quiet hours [start, end), which may wrap midnight; start = end: none. */
export function inQuietHours(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
