import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requestLocale } from "@/app/_lib/request-locale";
import { getDb } from "@/db/client";
import { KB_CATEGORIES } from "@/lib/kb";
import { listPublicArticles } from "@/server/kb/list-articles";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: `${t("kb.public.title")} · ${t("app.name")}` };
}

// The public help centre: published public knowledge-base articles by category, read in the server component
// (no console code, no session); proxy.ts gives /help its cacheable public headers.
export default async function HelpIndexPage() {
  const t = await getTranslations();
  const locale = await requestLocale();
  const articles = await listPublicArticles(await getDb());
  const groups = KB_CATEGORIES.map((c) => ({ category: c, items: articles.filter((a) => a.category === c) })).filter((g) => g.items.length > 0);
  return (
    <article className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-xl font-semibold text-slate-900">{t("kb.public.title")}</h1>
      <p className="mt-2 text-sm leading-6 text-slate-700">{t("kb.public.intro")}</p>
      <nav className="mt-4 flex flex-wrap gap-3 text-sm">
        <Link href="/lookup" className="text-indigo-700 underline hover:text-indigo-900">
          {t("kb.public.lookup")}
        </Link>
        <Link href="/status" className="text-indigo-700 underline hover:text-indigo-900">
          {t("kb.public.status")}
        </Link>
        <Link href="/help/payment" className="text-indigo-700 underline hover:text-indigo-900">
          {t("kb.public.payment")}
        </Link>
      </nav>
      <h2 className="mt-6 text-base font-semibold text-slate-900">{t("kb.public.articles")}</h2>
      {groups.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{t("kb.public.empty")}</p>
      ) : (
        groups.map((g) => (
          <section key={g.category} className="mt-4">
            <h3 className="text-xs font-medium tracking-wide text-slate-500 uppercase">{t(`kb.category.${g.category}`)}</h3>
            <ul className="mt-1 space-y-1">
              {g.items.map((a) => (
                <li key={a.id}>
                  <Link href={`/help/articles/${a.slug}`} className="text-sm text-indigo-700 hover:underline">
                    {a.title[locale]}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </article>
  );
}
