import "server-only";
import { createTranslator } from "use-intl/core";
import type { AlertRow } from "@/db/schema";
import type { AlertMetric, AlertNotificationEvent } from "@/lib/alerts";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import { loadMessages } from "@/messages/areas";
import { getEnv } from "@/server/env";
import type { ChannelMessage } from "./channels/types";
import type { AlertImpact } from "./estimate-impact";

// Messages are written here, once per recipient language, from the message files (messages/<locale>/notify.json
// and the alert vocabulary in alerts.json), with times in the business time zone and money formatted. The
// console and the channels share the words: a rule reads the same in a DingTalk card and on the alert page.

type T = ((key: string, values?: Record<string, string | number>) => string) & { has: (key: string) => boolean };

export interface MessageInput {
  alert: AlertRow;
  event: AlertNotificationEvent;
  /** The rule's kind and direction (anomaly type), when the rule still exists. */
  rule: { kind: string; direction: string } | null;
  locale: Locale;
  ackLink: string | null;
  /** The incident the alert belongs to, if one was opened: linked next to the alert. */
  incidentId?: number | null;
  now: Date;
}

const translators = new Map<Locale, Promise<T>>();

async function translator(locale: Locale): Promise<T> {
  let t = translators.get(locale);
  if (!t) {
    t = loadMessages(locale).then((messages) => {
      const translate = createTranslator({ locale, messages, timeZone: getEnv().BUSINESS_TIMEZONE }) as unknown as (key: string, values?: Record<string, string | number>) => string;
      // Rule keys, providers and action keys come from data: a key without a message falls back to the raw key.
      const has = (key: string) => typeof key.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), messages) === "string";
      return Object.assign(translate, { has });
    });
    translators.set(locale, t);
  }
  return t;
}

export function consoleUrl(alertId: number): string {
  return new URL(`/alerts/${alertId}`, getEnv().APP_URL).toString();
}

export function formatTime(at: Date, locale: Locale): string {
  const zone = getEnv().BUSINESS_TIMEZONE;
  const text = new Intl.DateTimeFormat(locale, { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(at);
  return `${text} (${zone})`;
}

function formatValue(metric: AlertMetric, value: number, locale: Locale, t: T): string {
  switch (metric) {
    case "success_rate":
    case "callback_failure_rate":
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
    case "callback_delay_p95":
      return t("alerts.value.seconds", { n: Math.round(value / 100) / 10 });
    case "order_amount":
      return formatMoney(Math.round(value), "CNY", locale);
    default:
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  }
}

export interface AlertFacts {
  title: string;
  lines: [label: string, value: string][];
  note: string | null;
  actions: string[];
  scope: string;
  rule: string;
  severity: string;
}

/** The facts of one alert, in words of `locale`: what every channel's message is made of. */
export async function alertFacts(input: MessageInput): Promise<AlertFacts> {
  const { alert, event, locale, now } = input;
  const t = await translator(locale);
  const rule = t.has(`alerts.rule.${alert.ruleKey}`) ? t(`alerts.rule.${alert.ruleKey}`) : alert.ruleKey;
  const scope = alert.provider === "*" ? t("alerts.scope.all") : t.has(`provider.${alert.provider}`) ? t(`provider.${alert.provider}`) : alert.provider;
  const severity = t(`alerts.severity.${alert.severity}`);
  const title = t("notify.title", { event: t(`notify.event.${event}`), severity, rule, scope });
  const metric = t(`alerts.metric.${alert.metric}`);
  const anomalyKey = input.rule ? `alerts.detail.anomaly.${input.rule.kind}_${input.rule.direction}` : null;
  const anomaly = anomalyKey && t.has(anomalyKey) ? `${metric}${locale === "en" ? " — " : "："}${t(anomalyKey)}` : metric;
  const lines: [string, string][] = [
    [t("notify.field.anomaly"), anomaly],
    [t("notify.field.scope"), scope],
  ];
  const obs = alert.lastValue as { value?: number; baseline?: { value?: number } | null } | null;
  if (obs && typeof obs.value === "number") {
    const value = formatValue(alert.metric, obs.value, locale, t);
    const base = typeof obs.baseline?.value === "number" ? formatValue(alert.metric, obs.baseline.value, locale, t) : null;
    lines.push([t("notify.field.observed"), base ? t("notify.observed", { value, baseline: base }) : value]);
  }
  const impact = alert.impact as AlertImpact | null;
  if (impact && typeof impact.orders === "number") {
    const money = (minor: number) => formatMoney(minor, impact.currency ?? "CNY", locale);
    lines.push([t("notify.field.impactSoFar"), t("notify.impact", { orders: impact.orders, users: impact.users, amount: money(impact.amountMinor) })]);
    lines.push([t("notify.field.impactPerMinute"), t("notify.impact", { orders: impact.perMinute.orders, users: impact.perMinute.users, amount: money(impact.perMinute.amountMinor) })]);
  } else {
    lines.push([t("notify.field.impactSoFar"), t("notify.noImpact")]);
  }
  lines.push([t("notify.field.onset"), formatTime(alert.onsetAt, locale)]);
  if (alert.firedAt) lines.push([t("notify.field.discovered"), formatTime(alert.firedAt, locale)]);
  if (event === "resolved" && alert.resolvedAt) lines.push([t("notify.field.resolved"), formatTime(alert.resolvedAt, locale)]);
  const minutesSince = (from: Date | null, to: Date) => Math.max(1, Math.round((to.getTime() - (from ?? alert.onsetAt).getTime()) / 60_000));
  const note =
    event === "escalation"
      ? t("notify.escalationNote", { minutes: minutesSince(alert.firedAt, now) })
      : event === "repeat"
        ? t("notify.repeatNote")
        : event === "resolved"
          ? t("notify.resolvedNote", { minutes: minutesSince(alert.onsetAt, alert.resolvedAt ?? now) })
          : null;
  const actions = event === "resolved" ? [] : alert.actionKeys.filter((k) => t.has(`alerts.actions.${k}`)).map((k) => t(`alerts.actions.${k}`));
  return { title, lines, note, actions, scope, rule, severity };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The whole message for every channel, in one language. */
export async function renderAlertMessage(input: MessageInput): Promise<ChannelMessage & { tail: string }> {
  const t = await translator(input.locale);
  const f = await alertFacts(input);
  const link = consoleUrl(input.alert.id);
  const incident = input.incidentId ? { label: t("notify.link.incident", { id: input.incidentId }), url: new URL(`/incidents/${input.incidentId}`, getEnv().APP_URL).toString() } : null;
  const md = [
    `#### ${f.title}`,
    ...(f.note ? [`> ${f.note}`] : []),
    ...f.lines.map(([k, v]) => `- **${k}**: ${v}`),
    ...(f.actions.length > 0 ? [`**${t("notify.field.firstActions")}**`, ...f.actions.map((a, i) => `${i + 1}. ${a}`)] : []),
    "",
    `[${t("notify.link.console")}](${link})${incident ? ` · [${incident.label}](${incident.url})` : ""}${input.ackLink && input.event !== "resolved" ? ` · [${t("notify.link.ack")}](${input.ackLink})` : ""}`,
  ].join("\n");
  const text = [
    f.title,
    ...(f.note ? ["", f.note] : []),
    "",
    ...f.lines.map(([k, v]) => `${k}: ${v}`),
    ...(f.actions.length > 0 ? ["", `${t("notify.field.firstActions")}:`, ...f.actions.map((a, i) => `${i + 1}. ${a}`)] : []),
    "",
    `${t("notify.link.console")}: ${link}`,
    ...(incident ? [`${incident.label}: ${incident.url}`] : []),
    ...(input.ackLink && input.event !== "resolved" ? [`${t("notify.link.ack")}: ${input.ackLink}`] : []),
  ].join("\n");
  const html = [
    `<h2>${escapeHtml(f.title)}</h2>`,
    ...(f.note ? [`<p><strong>${escapeHtml(f.note)}</strong></p>`] : []),
    `<table>${f.lines.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`,
    ...(f.actions.length > 0 ? [`<h3>${escapeHtml(t("notify.field.firstActions"))}</h3><ol>${f.actions.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ol>`] : []),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(t("notify.link.console"))}</a>${incident ? ` · <a href="${escapeHtml(incident.url)}">${escapeHtml(incident.label)}</a>` : ""}${input.ackLink && input.event !== "resolved" ? ` · <a href="${escapeHtml(input.ackLink)}">${escapeHtml(t("notify.link.ack"))}</a>` : ""}</p>`,
  ].join("\n");
  const smsText =
    input.event === "resolved"
      ? t("notify.smsResolved", { rule: f.rule, scope: f.scope })
      : t("notify.sms", { severity: f.severity, rule: f.rule, scope: f.scope, link: input.ackLink ?? link });
  return {
    title: f.title,
    markdown: md,
    text,
    html,
    // Template variables: keep them short (Aliyun caps a variable's length); the link is the ack page.
    sms: { params: { alert: `${f.severity} ${f.rule} ${f.scope}`.slice(0, 35), link: input.ackLink ?? link }, text: smsText },
    tail: t("notify.tail", { link }),
  };
}

/** A test message (alertChannel.sendTest). */
export async function renderTestMessage(locale: Locale, now: Date): Promise<ChannelMessage & { tail: string }> {
  const t = await translator(locale);
  const title = t("notify.test.title");
  const body = t("notify.test.body", { at: formatTime(now, locale) });
  return {
    title,
    markdown: `#### ${title}\n${body}`,
    text: `${title}\n\n${body}`,
    html: `<h2>${escapeHtml(title)}</h2><p>${escapeHtml(body)}</p>`,
    sms: { params: { alert: title.slice(0, 35), link: getEnv().APP_URL }, text: body },
    tail: "",
  };
}

/** The heading of a grouped robot message (over the per-minute limit). */
export async function renderGroupHeading(locale: Locale, count: number): Promise<string> {
  return (await translator(locale))("notify.grouped", { count });
}
