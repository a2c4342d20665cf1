import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Role } from "@/lib/enums";
import { getDb } from "@/db/client";
import { getEnv } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { log } from "@/server/lib/log";
import { authenticate } from "./sign-in";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
  }
  interface User {
    role: Role;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
  }
}

/**
 * The address our own reverse proxy saw: the LAST X-Forwarded-For entry (earlier entries are whatever the
 * client claimed), else X-Real-IP. Next fills X-Forwarded-For with the socket address when absent. Without
 * a proxy in front a client can still pick its own address; the per-e-mail limit holds regardless.
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers | undefined): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return get("x-forwarded-for")?.split(",").pop()?.trim() || get("x-real-ip")?.trim() || "unknown";
}

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: Math.floor(env.SESSION_MAX_AGE / 1000) },
    jwt: { maxAge: Math.floor(env.SESSION_MAX_AGE / 1000) },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "PayOps",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req): Promise<User | null> {
          try {
            const user = await authenticate(await getDb(), {
              email: credentials?.email ?? "",
              password: credentials?.password ?? "",
              ip: clientIp(req?.headers as Record<string, string> | undefined),
            });
            return { id: user.id, email: user.email, name: user.name, role: user.role };
          } catch (e) {
            // next-auth passes a thrown message to the client as ?error=…; only our own, safe messages.
            if (e instanceof DomainError) throw new Error(e.code === "TOO_MANY_REQUESTS" ? `rate_limited:${(e.details as { minutes: number }).minutes}` : "invalid_credentials");
            log.error("sign-in failed", { error: e });
            throw new Error("sign_in_unavailable");
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.uid ?? "", email: token.email ?? "", name: token.name ?? "", role: token.role ?? "agent" };
        return session;
      },
    },
  };
}
