import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requestLocale } from "@/app/_lib/request-locale";
import { Markdown } from "@/components/kb/markdown";
import { getDb } from "@/db/client";
import { KB_SLUG_PATTERN } from "@/lib/kb";
import { getPublicArticle } from "@/server/kb/public-article";
import { feedbackAction } from "../../actions";
import { HelpfulForm } from "../../_components/helpful-form";

async function load(slug: string) {
  return KB_SLUG_PATTERN.test(slug) ? getPublicArticle(await getDb(), slug) : null;
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const t = await getTranslations();
  const a = await load((await params).slug);
  return { title: `${a ? a.title[await requestLocale()] : t("kb.public.title")} · ${t("app.name")}` };
}

// A public article: Markdown rendered on the server (raw HTML never), "was this helpful" through a server action
// throttled per client address. Internal or draft articles are 404 here.
export default async function HelpArticlePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const a = await load(slug);
  if (!a) notFound();
  const t = await getTranslations();
  const locale = await requestLocale();
  return (
    <article className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" lang={locale}>
      <Link href="/help" className="text-xs text-slate-500 hover:text-slate-800">
        ← {t("kb.public.back")}
      </Link>
      <p className="mt-3 text-xs font-medium text-indigo-600">{t(`kb.category.${a.category}`)}</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">{a.title[locale]}</h1>
      <div className="mt-3">
        <Markdown>{a.body[locale]}</Markdown>
      </div>
      <HelpfulForm articleId={a.id} action={feedbackAction} />
    </article>
  );
}
