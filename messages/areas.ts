// The message areas: one JSON file per area and locale (messages/<locale>/<area>.json), the file's object being
// the namespace named after the file (`orders.list.title` lives in messages/*/orders.json as {"list":{"title":…}}).
// A new area is one line here; messages/messages.test.ts fails while a file on disk is not registered.
// Each locale is its own lazy import, so a request loads (and the browser receives) only the active locale.
import type { Locale } from "@/lib/i18n/locale";

export const AREAS = {
  alertChannels: { "zh-CN": () => import("./zh-CN/alertChannels.json"), en: () => import("./en/alertChannels.json") },
  alertRules: { "zh-CN": () => import("./zh-CN/alertRules.json"), en: () => import("./en/alertRules.json") },
  alerts: { "zh-CN": () => import("./zh-CN/alerts.json"), en: () => import("./en/alerts.json") },
  app: { "zh-CN": () => import("./zh-CN/app.json"), en: () => import("./en/app.json") },
  audit: { "zh-CN": () => import("./zh-CN/audit.json"), en: () => import("./en/audit.json") },
  callbacks: { "zh-CN": () => import("./zh-CN/callbacks.json"), en: () => import("./en/callbacks.json") },
  common: { "zh-CN": () => import("./zh-CN/common.json"), en: () => import("./en/common.json") },
  customers: { "zh-CN": () => import("./zh-CN/customers.json"), en: () => import("./en/customers.json") },
  desk: { "zh-CN": () => import("./zh-CN/desk.json"), en: () => import("./en/desk.json") },
  disc: { "zh-CN": () => import("./zh-CN/disc.json"), en: () => import("./en/disc.json") },
  forbidden: { "zh-CN": () => import("./zh-CN/forbidden.json"), en: () => import("./en/forbidden.json") },
  help: { "zh-CN": () => import("./zh-CN/help.json"), en: () => import("./en/help.json") },
  incidents: { "zh-CN": () => import("./zh-CN/incidents.json"), en: () => import("./en/incidents.json") },
  jobs: { "zh-CN": () => import("./zh-CN/jobs.json"), en: () => import("./en/jobs.json") },
  kb: { "zh-CN": () => import("./zh-CN/kb.json"), en: () => import("./en/kb.json") },
  kpi: { "zh-CN": () => import("./zh-CN/kpi.json"), en: () => import("./en/kpi.json") },
  lookup: { "zh-CN": () => import("./zh-CN/lookup.json"), en: () => import("./en/lookup.json") },
  nav: { "zh-CN": () => import("./zh-CN/nav.json"), en: () => import("./en/nav.json") },
  notFound: { "zh-CN": () => import("./zh-CN/notFound.json"), en: () => import("./en/notFound.json") },
  notify: { "zh-CN": () => import("./zh-CN/notify.json"), en: () => import("./en/notify.json") },
  notices: { "zh-CN": () => import("./zh-CN/notices.json"), en: () => import("./en/notices.json") },
  ops: { "zh-CN": () => import("./zh-CN/ops.json"), en: () => import("./en/ops.json") },
  order: { "zh-CN": () => import("./zh-CN/order.json"), en: () => import("./en/order.json") },
  orders: { "zh-CN": () => import("./zh-CN/orders.json"), en: () => import("./en/orders.json") },
  outcome: { "zh-CN": () => import("./zh-CN/outcome.json"), en: () => import("./en/outcome.json") },
  provider: { "zh-CN": () => import("./zh-CN/provider.json"), en: () => import("./en/provider.json") },
  raw: { "zh-CN": () => import("./zh-CN/raw.json"), en: () => import("./en/raw.json") },
  refunds: { "zh-CN": () => import("./zh-CN/refunds.json"), en: () => import("./en/refunds.json") },
  recon: { "zh-CN": () => import("./zh-CN/recon.json"), en: () => import("./en/recon.json") },
  reports: { "zh-CN": () => import("./zh-CN/reports.json"), en: () => import("./en/reports.json") },
  reasons: { "zh-CN": () => import("./zh-CN/reasons.json"), en: () => import("./en/reasons.json") },
  reviews: { "zh-CN": () => import("./zh-CN/reviews.json"), en: () => import("./en/reviews.json") },
  risk: { "zh-CN": () => import("./zh-CN/risk.json"), en: () => import("./en/risk.json") },
  role: { "zh-CN": () => import("./zh-CN/role.json"), en: () => import("./en/role.json") },
  scripts: { "zh-CN": () => import("./zh-CN/scripts.json"), en: () => import("./en/scripts.json") },
  shell: { "zh-CN": () => import("./zh-CN/shell.json"), en: () => import("./en/shell.json") },
  signin: { "zh-CN": () => import("./zh-CN/signin.json"), en: () => import("./en/signin.json") },
  status: { "zh-CN": () => import("./zh-CN/status.json"), en: () => import("./en/status.json") },
  statusPage: { "zh-CN": () => import("./zh-CN/statusPage.json"), en: () => import("./en/statusPage.json") },
  table: { "zh-CN": () => import("./zh-CN/table.json"), en: () => import("./en/table.json") },
  tickets: { "zh-CN": () => import("./zh-CN/tickets.json"), en: () => import("./en/tickets.json") },
  tl: { "zh-CN": () => import("./zh-CN/tl.json"), en: () => import("./en/tl.json") },
  ui: { "zh-CN": () => import("./zh-CN/ui.json"), en: () => import("./en/ui.json") },
  userNotices: { "zh-CN": () => import("./zh-CN/userNotices.json"), en: () => import("./en/userNotices.json") },
} satisfies Record<string, Record<Locale, () => Promise<{ default: object }>>>;

export type Area = keyof typeof AREAS;

/** The console's messages; the Chinese files are the reference (English must match them key for key). */
export type Messages = { [A in Area]: Awaited<ReturnType<(typeof AREAS)[A]["zh-CN"]>>["default"] };

/** All areas of one locale, merged into the object next-intl expects (namespace → messages). */
export async function loadMessages(locale: Locale): Promise<Messages> {
  const entries = await Promise.all(
    (Object.keys(AREAS) as Area[]).map(async (area) => [area, (await AREAS[area][locale]()).default] as const),
  );
  return Object.fromEntries(entries) as Messages;
}
