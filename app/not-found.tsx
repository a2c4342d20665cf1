import Link from "next/link";
import { translate } from "@/lib/i18n/messages";
import { requestLocale } from "@/app/_lib/request-locale";

export default async function NotFound() {
  const locale = await requestLocale();
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div className="text-center">
        <p className="text-sm font-semibold text-slate-500">404</p>
        <h1 className="mt-1 text-xl font-semibold">{translate(locale, "notFound.title")}</h1>
        <Link href="/" className="mt-4 inline-block text-sm text-indigo-600 hover:underline">
          {translate(locale, "forbidden.home")}
        </Link>
      </div>
    </main>
  );
}
