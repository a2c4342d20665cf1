import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { lookupAction, ticketAction } from "./actions";
import { LookupPanel } from "./_components/lookup-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: `${t("lookup.title")} · ${t("app.name")}` };
}

// The self-service lookup (issue 9): order number + last four digits of the phone → the order's situation in
// plain words, and a "Get help" form that opens a ticket. ?order= prefills the number (links in user notices).
// proxy.ts marks /lookup never-stored; the actions are passed down so the client code imports no server module.
export default async function LookupPage({ searchParams }: { searchParams: Promise<{ order?: string | string[] }> }) {
  const t = await getTranslations();
  const { order } = await searchParams;
  const prefill = typeof order === "string" && /^[A-Za-z0-9_\-*]{1,64}$/.test(order) ? order : "";
  return (
    <article className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-xl font-semibold text-slate-900">{t("lookup.title")}</h1>
      <p className="mt-2 text-sm leading-6 text-slate-700">{t("lookup.intro")}</p>
      <LookupPanel initialOrderNo={prefill} lookupAction={lookupAction} ticketAction={ticketAction} />
      <p className="mt-6 text-sm">
        <a href="/help" className="text-indigo-700 underline hover:text-indigo-900">
          {t("kb.public.helpLink")}
        </a>
      </p>
    </article>
  );
}
