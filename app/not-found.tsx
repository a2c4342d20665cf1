import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations();
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div className="text-center">
        <p className="text-sm font-semibold text-slate-500">404</p>
        <h1 className="mt-1 text-xl font-semibold">{t("notFound.title")}</h1>
        <Link href="/" className="mt-4 inline-block text-sm text-indigo-600 hover:underline">
          {t("forbidden.home")}
        </Link>
      </div>
    </main>
  );
}
