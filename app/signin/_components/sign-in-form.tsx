"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { Button } from "@/components/ui/button";
import { BrandMark } from "@/components/ui/brand-mark";

export function SignInForm({ next, initialError }: { next: string; initialError?: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);

  const message = (code: string | undefined): string | null => {
    if (!code) return null;
    const limited = /^rate_limited:(\d+)$/.exec(code);
    if (limited) return t("signin.error.rateLimited", { minutes: limited[1]! });
    if (code === "invalid_credentials" || code === "CredentialsSignin") return t("signin.error.invalid");
    if (code === "SessionRequired") return t("signin.sessionExpired");
    return t("signin.error.unavailable");
  };

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const res = await signIn("credentials", { email: String(form.get("email")), password: String(form.get("password")), redirect: false });
      if (res?.ok && !res.error) {
        // Full navigation so the server layout renders with the new session cookie.
        // Resolved against the page's own origin: whatever `next` says, we stay on this site.
        window.location.assign(safeRedirectPath(next, window.location.origin));
        return;
      }
      setError(res?.error ?? "unavailable");
    } catch {
      setError("unavailable");
    }
    setBusy(false);
  }

  const shown = message(error);
  return (
    <div className="w-full max-w-sm">
      <div className="mb-6 flex items-center justify-between">
        <BrandMark name={t("app.name")} />
        <LanguageSwitch />
      </div>
      <form onSubmit={onSubmit} className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
        <h1 className="text-lg font-semibold text-slate-900">{t("signin.title")}</h1>
        <p className="mt-1 text-xs text-slate-500">{t("signin.subtitle")}</p>
        {shown && (
          <div role="alert" className="mt-4 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {shown}
          </div>
        )}
        <label className="mt-4 block text-xs font-medium text-slate-700" htmlFor="email">
          {t("signin.email")}
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
        />
        <label className="mt-3 block text-xs font-medium text-slate-700" htmlFor="password">
          {t("signin.password")}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
        />
        <Button type="submit" variant="primary" disabled={busy} className="mt-5 w-full">
          {busy ? t("signin.submitting") : t("signin.submit")}
        </Button>
      </form>
    </div>
  );
}
