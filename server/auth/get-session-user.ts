import { getServerSession } from "next-auth";
import { getDb } from "@/db/client";
import { authOptions } from "./auth-options";
import { loadActiveUser, type SignedInUser } from "./sign-in";

/** The signed-in, still-active user of this request (server components, route handlers), or null. */
export async function getSessionUser(): Promise<SignedInUser | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return loadActiveUser(await getDb(), session.user.id);
}
