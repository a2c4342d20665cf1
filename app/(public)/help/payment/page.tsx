import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: `${t("help.payment.title")} · ${t("app.name")}` };
}

// What happens to a payment, in the customer's words; every sentence is what the portal does today
// (README "Callbacks", "Janitor", and second payments becoming discrepancies for review).
export default async function PaymentHelpPage() {
  const t = await getTranslations();
  return (
    <article className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <p className="text-xs font-medium text-indigo-600">{t("help.title")}</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">{t("help.payment.title")}</h1>
      <div className="mt-4 space-y-3 text-sm leading-6 text-slate-700">
        <p>{t("help.payment.intro")}</p>
        <p>{t("help.payment.missing")}</p>
        <p>{t("help.payment.twice")}</p>
        <p>{t("help.payment.contact")}</p>
      </div>
    </article>
  );
}
