import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth/get-session-user";
import { SignInForm } from "./_components/sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: an open redirect after sign-in is a phishing aid.
  const next = callbackUrl && /^\/(?!\/)/.test(callbackUrl) ? callbackUrl : "/";
  if (await getSessionUser()) redirect(next);
  return (
    <main className="grid min-h-screen place-items-center bg-slate-100 p-6">
      <SignInForm next={next} initialError={error} />
    </main>
  );
}
