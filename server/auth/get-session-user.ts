import "server-only";
import { getServerSession } from "next-auth";
import { getDb } from "@/db/client";
import { authOptions } from "./auth-options";
import { loadActiveUser, type SignedInUser } from "./sign-in";

/**
 * The signed-in, still-active user of this request (server components, route handlers, the tRPC context), or
 * null. getServerSession runs the jwt callback, which refuses a revoked (stale session version) or too old
 * token; the user row is then re-read so a role change applies at once.
 */
export async function getSessionUser(): Promise<SignedInUser | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return loadActiveUser(await getDb(), session.user.id);
}
