import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { isLocale, DEFAULT_LOCALE } from "@/lib/i18n/locale";
import { readAckLink } from "@/server/alerts/deliver-ack-link";
import { alertFacts, consoleUrl } from "@/server/alerts/deliver-message";

export const metadata: Metadata = { title: "PayOps", robots: { index: false, follow: false }, referrer: "no-referrer" };

const RESULTS = ["acknowledged", "already", "resolved", "expired", "invalid", "not_found"] as const;

/**
 * The page behind the acknowledge link in alert messages. No session (proxy.ts: route group "ack", never
 * stored by a cache). GET only shows the alert and ONE button; the button POSTs to /api/alerts/ack.
 */
export default async function AckPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ r?: string }> }) {
  const { token } = await params;
  const { r } = await searchParams;
  const t = await getTranslations("notify.ack");
  const locale = await getLocale();
  const state = await readAckLink(await getDb(), token);
  const result = RESULTS.find((x) => x === r);

  let message: string | null = null;
  if (state.state === "invalid") message = t("invalid");
  else if (state.state === "expired") message = t("expired");
  else if (state.state === "not_found") message = t("notFound");
  else if (result === "acknowledged" && state.state === "acknowledged") message = t("done");
  else if (state.state === "acknowledged") message = t("already", { who: state.alert.acknowledgedBy ?? "?" });
  else if (state.state === "resolved" || state.state === "pending") message = t("resolvedAlready");

  const facts = "alert" in state ? await alertFacts({ alert: state.alert, event: state.state === "resolved" ? "resolved" : "firing", rule: null, locale: isLocale(locale) ? locale : DEFAULT_LOCALE, ackLink: null, now: new Date() }) : null;

  return (
    <main className="mx-auto max-w-xl p-6">
      <h1 className="mb-2 text-xl font-semibold">{t("pageTitle")}</h1>
      {facts && (
        <section aria-label={facts.title} className="mb-4 rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-medium">{facts.title}</h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            {facts.lines.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {message ? (
        <p role="status" className="mb-4">
          {message}
        </p>
      ) : (
        <form method="post" action="/api/alerts/ack" className="mb-4">
          <p className="mb-3 text-sm text-slate-600">{t("lead")}</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="rounded bg-slate-900 px-4 py-2 text-white">
            {t("button")}
          </button>
        </form>
      )}
      {"alert" in state && (
        <a className="text-sm underline" href={consoleUrl(state.alert.id)}>
          {t("openConsole")}
        </a>
      )}
    </main>
  );
}
