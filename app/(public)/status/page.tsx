import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locale";
import { COMPONENT_STATES, HISTORY_DAYS, type ComponentState, type Indicator } from "@/lib/status";
import { getEnv } from "@/server/env";
import { getStatusSnapshot } from "@/server/status/status-snapshot";
import type { SnapshotNotice } from "@/server/status/build-snapshot";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("statusPage");
  return { title: t("pageName"), alternates: { types: { "application/atom+xml": "/status/feed.xml" } } };
}

// Colours carry no meaning alone: every state is also written out (label, bar title, legend).
const STATE_BAR: Record<ComponentState, string> = {
  operational: "bg-emerald-500",
  degraded_performance: "bg-amber-400",
  partial_outage: "bg-orange-500",
  major_outage: "bg-red-600",
  under_maintenance: "bg-sky-500",
};
const STATE_TEXT: Record<ComponentState, string> = {
  operational: "text-emerald-700",
  degraded_performance: "text-amber-800",
  partial_outage: "text-orange-800",
  major_outage: "text-red-700",
  under_maintenance: "text-sky-800",
};
const INDICATOR_BOX: Record<Indicator, string> = {
  none: "bg-emerald-600 text-white",
  minor: "bg-amber-100 text-amber-900 ring-1 ring-amber-300",
  major: "bg-orange-100 text-orange-900 ring-1 ring-orange-300",
  critical: "bg-red-700 text-white",
  maintenance: "bg-sky-100 text-sky-900 ring-1 ring-sky-300",
};

/** On a phone the last 30 days fit; the rest appear from the sm breakpoint. */
const PHONE_DAYS = 30;

type T = Awaited<ReturnType<typeof getTranslations<"statusPage">>>;
type F = Awaited<ReturnType<typeof getFormatter>>;

function when(format: F, at: Date): string {
  return format.dateTime(at, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

function Notice({ notice, t, format, locale, names, open }: { notice: SnapshotNotice; t: T; format: F; locale: Locale; names: Map<string, string>; open: boolean }) {
  const affected = notice.components.map((c) => names.get(c.key) ?? c.key).join(locale === "zh-CN" ? "、" : ", ");
  const updates = [...notice.updates].reverse();
  const timeline = (
    <ol className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4">
      {updates.map((u) => (
        <li key={u.id}>
          <p className="text-sm">
            <span className="font-semibold text-slate-900">{t(`noticeStatus.${u.status}`)}</span>
            <span className="text-slate-600"> · </span>
            <time dateTime={u.at.toISOString()} className="text-slate-600">
              {when(format, u.at)}
            </time>
          </p>
          <p className="mt-1 text-sm leading-6 text-slate-800">{u.body[locale]}</p>
        </li>
      ))}
    </ol>
  );
  return (
    <article id={`notice-${notice.id}`} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h3 className="text-base font-semibold text-slate-900">{notice.title[locale]}</h3>
      <p className="mt-1 text-xs text-slate-600">
        {t(`noticeStatus.${notice.status}`)} · {t("affects", { components: affected })}
        {notice.automatic ? ` · ${t("automatic")}` : ""}
      </p>
      {notice.kind === "maintenance" && notice.scheduledFor && notice.scheduledUntil ? (
        <p className="mt-1 text-xs text-slate-600">{t("window", { from: when(format, notice.scheduledFor), until: when(format, notice.scheduledUntil) })}</p>
      ) : null}
      {open ? (
        timeline
      ) : (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm text-indigo-700">
            {t(`noticeStatus.${notice.status}`)} · <time dateTime={(notice.resolvedAt ?? notice.updatedAt).toISOString()}>{when(format, notice.resolvedAt ?? notice.updatedAt)}</time>
          </summary>
          {timeline}
        </details>
      )}
    </article>
  );
}

// The public status page (issue 9): served from the in-process snapshot, so a surge of reloads during an
// incident never reaches the database. No client code beyond the layout's language switch.
export default async function StatusPage() {
  const [t, format, locale, snap] = await Promise.all([getTranslations("statusPage"), getFormatter(), getLocale() as Promise<Locale>, getStatusSnapshot()]);
  const names = new Map(snap.components.map((c) => [c.key, c.name[locale]]));
  const zone = getEnv().BUSINESS_TIMEZONE;
  const kb = await getTranslations("kb");

  return (
    <div className="space-y-8">
      <section aria-labelledby="status-title">
        <h1 id="status-title" className="text-xl font-semibold text-slate-900">
          {t("title")}
        </h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
        <p className="mt-1 text-sm">
          <a href="/help" className="text-indigo-700 underline hover:text-indigo-900">
            {kb("public.helpLink")}
          </a>
        </p>
        <div role="status" className={`mt-4 rounded-lg px-4 py-3 ${INDICATOR_BOX[snap.indicator]}`}>
          <p className="text-base font-semibold">{t(`indicator.${snap.indicator}`)}</p>
          <p className="text-xs opacity-90">
            {t("updatedAt", { time: when(format, snap.builtAt) })}
          </p>
        </div>
      </section>

      {snap.active.length > 0 ? (
        <section aria-labelledby="active-title" className="space-y-3">
          <h2 id="active-title" className="text-lg font-semibold text-slate-900">
            {t("active")}
          </h2>
          {snap.active.map((n) => (
            <Notice key={n.id} notice={n} t={t} format={format} locale={locale} names={names} open />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="components-title">
        <h2 id="components-title" className="text-lg font-semibold text-slate-900">
          {t("components")}
        </h2>
        <ul className="mt-3 divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {snap.components.map((c) => (
            <li key={c.key} className="px-4 py-3">
              <div className="flex items-baseline justify-between gap-3">
                <h3 className="text-sm font-medium text-slate-900">{c.name[locale]}</h3>
                <p className={`text-sm font-medium ${STATE_TEXT[c.state]}`}>{t(`state.${c.state}`)}</p>
              </div>
              <ol className="mt-2 flex h-8 items-stretch gap-px" aria-label={`${c.name[locale]} · ${t("history", { days: HISTORY_DAYS })}`}>
                {c.history.map((b, i) => {
                  const label = t("historyDay", { day: b.day, state: t(`state.${b.state}`) });
                  return (
                    <li key={b.day} title={label} className={`min-w-0 flex-1 rounded-sm ${STATE_BAR[b.state]} ${i < HISTORY_DAYS - PHONE_DAYS ? "hidden sm:block" : ""}`}>
                      <span className="sr-only">{label}</span>
                    </li>
                  );
                })}
              </ol>
              <div className="mt-1 flex justify-between text-xs text-slate-600" aria-hidden="true">
                <span className="sm:hidden">{t("history", { days: PHONE_DAYS })}</span>
                <span className="hidden sm:inline">{t("history", { days: HISTORY_DAYS })}</span>
                <span>{t("historyToday")}</span>
              </div>
            </li>
          ))}
        </ul>
        <div className="mt-3">
          <h3 className="sr-only">{t("legend")}</h3>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
            {COMPONENT_STATES.map((s) => (
              <li key={s} className="flex items-center gap-1">
                <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${STATE_BAR[s]}`} />
                {t(`state.${s}`)}
              </li>
            ))}
          </ul>
        </div>
      </section>

      {snap.scheduled.length > 0 ? (
        <section aria-labelledby="scheduled-title" className="space-y-3">
          <h2 id="scheduled-title" className="text-lg font-semibold text-slate-900">
            {t("scheduled")}
          </h2>
          {snap.scheduled.map((n) => (
            <Notice key={n.id} notice={n} t={t} format={format} locale={locale} names={names} open />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="recent-title" className="space-y-3">
        <h2 id="recent-title" className="text-lg font-semibold text-slate-900">
          {t("recent")}
        </h2>
        {snap.recent.length === 0 ? <p className="text-sm text-slate-600">{t("noRecent")}</p> : null}
        {snap.recent.map((n) => (
          <Notice key={n.id} notice={n} t={t} format={format} locale={locale} names={names} open={false} />
        ))}
      </section>

      <footer className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 pt-4 text-xs text-slate-600">
        <a href={`/status/feed.xml?locale=${locale}`} className="text-indigo-700 underline">
          {t("feed")}
        </a>
        <span>{t("timeZone", { zone })}</span>
      </footer>
    </div>
  );
}
