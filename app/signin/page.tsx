import { redirect } from "next/navigation";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { getSessionUser } from "@/server/auth/get-session-user";
import { getEnv } from "@/server/env";
import { SignInForm } from "./_components/sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only pages of our own origin: an open redirect after sign-in is a phishing aid. The form checks again.
  const next = safeRedirectPath(callbackUrl, getEnv().APP_URL);
  if (await getSessionUser()) redirect(next);
  return (
    <main className="grid min-h-screen place-items-center bg-slate-100 p-6">
      <SignInForm next={next} initialError={error} />
    </main>
  );
}
