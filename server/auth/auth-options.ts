import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Role } from "@/lib/enums";
import { PEER_HEADER } from "@/lib/peer-address";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { getDb } from "@/db/client";
import { getEnv } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { remoteAddrOf } from "@/server/lib/http";
import { log } from "@/server/lib/log";
import { syncNextAuthUrl, usesSecureCookies } from "./public-url";
import { isSessionCurrent, revokeSessions, type SessionClaims } from "./session-version";
import { authenticate } from "./sign-in";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
  }
  interface User {
    role: Role;
    sessionVersion: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT extends SessionClaims {
    role?: Role;
  }
}

/**
 * The client address of a next-auth request (authorize gets a plain header object, not a Request), by the
 * same rule as every other route: the socket address our server stamps (TRUSTED_PROXY_HOPS=0), or
 * X-Forwarded-For only as far as TRUSTED_PROXY_HOPS allows.
 */
export function addressFromHeaders(headers: Record<string, string | string[] | undefined> | undefined): string | null {
  const h = new Headers();
  for (const name of [PEER_HEADER, "x-forwarded-for"]) {
    const v = headers?.[name];
    if (typeof v === "string") h.set(name, v);
    else if (Array.isArray(v)) h.set(name, v.join(", "));
  }
  return remoteAddrOf(new Request(getEnv().APP_URL, { headers: h }));
}

// next-auth reports a revoked or expired session token as JWT_SESSION_ERROR: expected, not an incident.
const EXPECTED = new Set(["JWT_SESSION_ERROR", "SIGNOUT_ERROR"]);

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  syncNextAuthUrl(env);
  const appOrigin = new URL(env.APP_URL).origin;
  const maxAge = Math.floor(env.SESSION_MAX_AGE / 1000);
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge },
    jwt: { maxAge },
    useSecureCookies: usesSecureCookies(env),
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
              ip: addressFromHeaders(req?.headers as Record<string, string> | undefined),
            });
            return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
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
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
          token.sv = user.sessionVersion;
          token.signedInAt = Date.now();
          return token;
        }
        // Every read of the session (page, tRPC call, /api/auth/session) comes through here. A thrown error
        // makes next-auth answer "no session" and clear the cookie.
        if (!(await isSessionCurrent(await getDb(), token))) throw new Error("session revoked or expired");
        return token;
      },
      session({ session, token }) {
        if (!token?.uid) throw new Error("no session");
        session.user = { id: token.uid, email: token.email ?? "", name: token.name ?? "", role: token.role ?? "agent" };
        return session;
      },
      // After sign-in and sign-out: only pages of our own origin (APP_URL), whatever callbackUrl said.
      redirect({ url }) {
        return new URL(safeRedirectPath(url, appOrigin), appOrigin).href;
      },
    },
    events: {
      // Sign-out bumps the user's session version: the cookie just cleared, and any copy of it, stop working.
      async signOut({ token }) {
        if (token?.uid) await revokeSessions(await getDb(), token.uid);
      },
    },
    logger: {
      error(code, metadata) {
        if (EXPECTED.has(code)) log.info("next-auth", { code });
        else log.error("next-auth", { code, error: metadata });
      },
      warn(code) {
        log.warn("next-auth", { code });
      },
      debug() {},
    },
  };
}
