import "server-only";
import { forbidden, redirect } from "next/navigation";
import { holds, type Permission } from "./permissions";
import { getSessionUser } from "./get-session-user";
import type { SignedInUser } from "./sign-in";

/** Server components: the signed-in user, or a redirect to /signin. */
export async function requireUser(): Promise<SignedInUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user;
}

/**
 * Every console page's guard: the user if they hold the permission the page needs (the one its entry in
 * PAGES names, for pages in the navigation); otherwise the 403 page, also for a URL typed in directly.
 */
export async function requirePermission(permission: Permission): Promise<SignedInUser> {
  const user = await requireUser();
  if (!holds(user, permission)) forbidden();
  return user;
}
