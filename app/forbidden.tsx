import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations();
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div className="max-w-sm text-center">
        <p className="text-sm font-semibold text-rose-600">403</p>
        <h1 className="mt-1 text-xl font-semibold text-slate-900">{t("forbidden.title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("forbidden.body")}</p>
        <Link href="/" className="mt-5 inline-block rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
          {t("forbidden.home")}
        </Link>
      </div>
    </main>
  );
}
